// The local issuer as a real OpenID provider (oidc-provider), mounted at the issuer's path on the API's server.
import { hkdfSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Configuration, errors, type KoaContextWithOIDC, Provider } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { DEMO_IDENTITIES, demoIdentity } from './demo-identities.ts';
import { splitUrl } from './http-api/requests.ts';
import { DEFAULT_TTL_SECONDS, ISSUER_ALG, type LocalIssuer, tokenClaims } from './issuer.ts';
import { LOCAL_RESOURCE, WEB_APP_PATH, WEB_CALLBACK_PATH, WEB_CLIENT_ID } from './issuer-config.ts';
import { signInInteraction } from './openid-provider/interactions.ts';
import { errorPage, PAGE_HEADERS, signedOutPage, signOutPage } from './openid-provider/pages.ts';

export interface OpenIdProviderOptions {
  issuer: LocalIssuer;
  log?: (line: string) => void;
}

export interface LocalOpenIdProvider {
  /** The issuer's path; every request under it is the provider's. */
  readonly path: string;
  /** Where a sign-in's page is served, `<issuer>/interaction/<uid>`, for the start banner. */
  readonly signInPageUrl: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Sessions and grants live in memory (lost on a restart); this lets cookies signed before a restart still verify. */
function cookieKeys(issuer: LocalIssuer): string[] {
  const secret = issuer.privateJwks().keys[0]?.d;
  if (!secret) throw new Error('the local issuer has no private key to derive cookie keys from');
  const key = hkdfSync('sha256', Buffer.from(secret, 'base64url'), '', 'huiqi local issuer cookies', 32);
  return [Buffer.from(key).toString('base64url')];
}

/** The web app answers on loopback by address and by name; both are its origins. */
function webOrigins(issuerUrl: string): string[] {
  const { port } = new URL(issuerUrl);
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** A first-party client: signing in is consenting, so its grant covers whatever it asks for. */
async function loadFirstPartyGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const clientId = oidc.client?.clientId;
  const accountId = oidc.session?.accountId;
  if (!clientId || !accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
  const grant =
    (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
    new oidc.provider.Grant({ clientId, accountId });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(indicator, server.scope);
  }
  await grant.save();
  return grant;
}

function configuration(issuer: LocalIssuer, path: string): Configuration {
  const origins = webOrigins(issuer.issuerUrl);
  const html = (ctx: KoaContextWithOIDC, body: string) => {
    ctx.set(PAGE_HEADERS);
    ctx.body = body;
  };
  return {
    adapter: createMemoryAdapter(),
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_name: '惠企兑付网页端',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: origins.map((origin) => `${origin}${WEB_CALLBACK_PATH}`),
        post_logout_redirect_uris: origins.map((origin) => `${origin}${WEB_APP_PATH}`),
      },
    ],
    // The key `npm run token` signs with, so the API's JWT authorizer verifies both alike.
    jwks: issuer.privateJwks() as Configuration['jwks'],
    cookies: { keys: cookieKeys(issuer) },
    // `role` is the platform's own scope: the ID token then tells the web app who signed in, as the API will see it.
    claims: { openid: ['sub'], profile: ['name'], role: ['role', 'division', 'position'] },
    async findAccount(_ctx, id) {
      const identity = demoIdentity(id);
      if (!identity) return undefined;
      return { accountId: identity.id, claims: () => tokenClaims(identity.claims) as { sub: string } };
    },
    interactions: { url: (_ctx, interaction) => `${path}/interaction/${interaction.uid}` },
    loadExistingGrant: loadFirstPartyGrant,
    pkce: { required: () => true },
    responseTypes: ['code'],
    // The address the issuer's key set had before it became a full provider.
    routes: { jwks: '/.well-known/jwks.json' },
    ttl: {
      AccessToken: DEFAULT_TTL_SECONDS,
      AuthorizationCode: 60,
      IdToken: DEFAULT_TTL_SECONDS,
      Interaction: 3600,
      Session: DEFAULT_TTL_SECONDS,
      Grant: DEFAULT_TTL_SECONDS,
    },
    clientBasedCORS: (_ctx, origin, client) =>
      (client.redirectUris ?? []).some((uri) => URL.parse(uri)?.origin === origin),
    renderError: async (ctx, out) => html(ctx, errorPage(out)),
    formats: {
      customizers: {
        // Access tokens carry the claims a minted token has (role, sub, division, position, name): a head signs in
        // under an account of its own but acts with its department's `sub`.
        jwt(_ctx, token, { payload }) {
          const identity = 'accountId' in token ? demoIdentity(String(token.accountId)) : undefined;
          if (identity) Object.assign(payload, tokenClaims(identity.claims));
        },
      },
    },
    features: {
      devInteractions: { enabled: false },
      // Access tokens are the API's, not the userinfo endpoint's; the ID token carries the claims instead.
      userinfo: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => html(ctx, signOutPage(form)),
        postLogoutSuccessSource: async (ctx) => html(ctx, signedOutPage()),
      },
      resourceIndicators: {
        enabled: true,
        // A client that names no resource still gets a token for the API.
        defaultResource: () => LOCAL_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, indicator) {
          if (indicator !== LOCAL_RESOURCE) throw new errors.InvalidTarget(`未知的资源：${indicator}`);
          return {
            scope: '',
            audience: issuer.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: DEFAULT_TTL_SECONDS,
            jwt: { sign: { alg: ISSUER_ALG } },
          };
        },
      },
    },
  };
}

export function createOpenIdProvider(options: OpenIdProviderOptions): LocalOpenIdProvider {
  const { issuer } = options;
  const log = options.log ?? (() => undefined);
  const path = new URL(issuer.issuerUrl).pathname.replace(/\/$/, '');
  const provider = new Provider(issuer.issuerUrl, configuration(issuer, path));
  provider.on('server_error', (_ctx, error) => log(`本地 OpenID 签发方出错：${error.message}`));
  const callback = provider.callback();
  const signIn = signInInteraction(provider, DEMO_IDENTITIES);

  return {
    path,
    signInPageUrl: `${issuer.issuerUrl}/interaction/…`,
    async handle(req, res) {
      const { rawPath, rawQueryString } = splitUrl(req.url ?? '/');
      const inner = rawPath.slice(path.length) || '/';
      const interaction = /^\/interaction\/([\w-]+)$/.exec(inner);
      if (interaction?.[1]) {
        await signIn.handle(req, res, interaction[1]);
        return;
      }
      // Mounted as the docs mount it under a prefix: the provider sees its own paths and reads the prefix back
      // from `originalUrl` when it writes its URLs.
      req.url = `${inner}${rawQueryString ? `?${rawQueryString}` : ''}`;
      Object.assign(req, { originalUrl: `${path}${req.url}` });
      await callback(req, res);
    },
  };
}
