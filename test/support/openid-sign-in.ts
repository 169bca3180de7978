// What a browser does to sign in at the local OpenID provider, done with fetch: cookies kept, redirects followed by hand.
import { createHash, randomBytes } from 'node:crypto';
import { WEB_CALLBACK_PATH, WEB_CLIENT_ID } from '../../infra/local/issuer-config.ts';

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
  [member: string]: unknown;
}

export interface TokenAnswer {
  access_token: string;
  id_token: string;
  token_type: string;
  expires_in: number;
}

/** One browser: its cookies, whatever their path, go with every request (the provider scopes them itself). */
export function browser() {
  const cookies = new Map<string, string>();
  return async function visit(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...cookies].map((c) => c.join('=')).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  };
}

export type Visit = ReturnType<typeof browser>;

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

export function locationOf(response: Response, base: string): string {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${response.status} from ${response.url || base}`);
  return new URL(location, base).href;
}

export interface SignInOptions {
  /** The web app's origin the flow returns to; the API's own by default. */
  appOrigin: string;
  /** Extra authorization request parameters (resource, prompt…). */
  extra?: Record<string, string>;
}

/**
 * GET authorize → the sign-in page → choose an identity (or cancel, for null) → back at the callback; stops early
 * at any refusal.
 */
export async function signIn(
  discovery: Discovery,
  identityId: string | null,
  options: SignInOptions,
  visit = browser(),
) {
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = `${options.appOrigin}${WEB_CALLBACK_PATH}`;
  const request = new URLSearchParams({
    client_id: WEB_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile role',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    ...options.extra,
  });
  const authorize = await visit(`${discovery.authorization_endpoint}?${request}`);
  let next = locationOf(authorize, discovery.issuer);
  let page: string | undefined;
  if (next.startsWith(discovery.issuer)) {
    const signInPage = await visit(next);
    page = await signInPage.text();
    const chosen = await visit(next, form(identityId === null ? { cancel: '1' } : { identity: identityId }));
    const resumed = await visit(locationOf(chosen, next));
    next = locationOf(resumed, next);
  }
  const callback = new URL(next);
  return { callback, page, redirectUri, verifier, state: request.get('state'), visit };
}

/** The web app's half: the code and its PKCE verifier for tokens, at the token endpoint. */
export async function exchangeCode(
  discovery: Discovery,
  flow: { callback: URL; redirectUri: string; verifier: string },
): Promise<{ status: number; body: TokenAnswer & { error?: string } }> {
  const response = await fetch(discovery.token_endpoint, {
    ...form({
      grant_type: 'authorization_code',
      client_id: WEB_CLIENT_ID,
      code: flow.callback.searchParams.get('code') ?? '',
      redirect_uri: flow.redirectUri,
      code_verifier: flow.verifier,
    }),
  });
  return { status: response.status, body: (await response.json()) as TokenAnswer & { error?: string } };
}
