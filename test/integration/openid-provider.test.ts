// Signing in with OpenID Connect on the whole local platform: discovery, the sign-in page, code + PKCE, and the API.
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDENTITIES, type DemoIdentity } from '../../infra/local/demo-identities.ts';
import { type LocalIssuer, loadIssuer } from '../../infra/local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl, WEB_CLIENT_ID } from '../../infra/local/issuer-config.ts';
import {
  type Discovery,
  exchangeCode,
  locationOf,
  signIn,
  type TokenAnswer,
} from '../support/openid-sign-in.ts';
import { bootPlatform, enterpriseProfile, type TestPlatform } from '../support/platform.ts';

const identity = (id: string): DemoIdentity => {
  const found = DEMO_IDENTITIES.find((each) => each.id === id);
  if (!found) throw new Error(`no demo identity ${id}`);
  return found;
};
const department = identity('360728-swj');
const head = identity('360728-swj-head');
const enterprise = identity('91360728MA3DN0QY13');

/** What the API's functions get from a token: its claims without the per-token ones. */
const lasting = (token: string) => {
  const { iat, exp, jti, ...rest } = decodeJwt(token);
  return rest;
};

describe('sign-in with OpenID Connect', () => {
  let local: TestPlatform;
  let issuer: LocalIssuer;
  let discovery: Discovery;
  let appOrigin: string;

  const tokensFor = async (id: string, extra?: Record<string, string>): Promise<TokenAnswer> => {
    const flow = await signIn(discovery, id, { appOrigin, ...(extra ? { extra } : {}) });
    const answer = await exchangeCode(discovery, flow);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    local = await bootPlatform();
    appOrigin = local.platform.url;
    const port = Number(new URL(appOrigin).port);
    issuer = await loadIssuer({
      dataDir: local.dataDir,
      issuerUrl: localIssuerUrl(port),
      audience: LOCAL_AUDIENCE,
    });
    discovery = (await (
      await fetch(`${issuer.issuerUrl}/.well-known/openid-configuration`)
    ).json()) as Discovery;
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('publishes its endpoints under the issuer, and the one key tokens are signed with', async () => {
    // Act
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Record<string, unknown>[] };

    // Assess
    expect(discovery).toMatchObject({
      issuer: issuer.issuerUrl,
      authorization_endpoint: `${issuer.issuerUrl}/auth`,
      token_endpoint: `${issuer.issuerUrl}/token`,
      jwks_uri: `${issuer.issuerUrl}/.well-known/jwks.json`,
      end_session_endpoint: `${issuer.issuerUrl}/session/end`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: expect.arrayContaining(['openid', 'profile', 'role']),
    });
    expect(jwks.keys).toEqual(issuer.jwks().keys.map((key) => expect.objectContaining(key)));
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('shows every demo identity on a sign-in page that says it is for local development only', async () => {
    // Act: stop at the page, choosing nobody.
    const authorize = await fetch(
      `${discovery.authorization_endpoint}?${new URLSearchParams({
        client_id: WEB_CLIENT_ID,
        response_type: 'code',
        redirect_uri: `${appOrigin}/app/callback`,
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    const page = await fetch(locationOf(authorize, issuer.issuerUrl), {
      headers: {
        cookie: authorize.headers
          .getSetCookie()
          .map((line) => line.split(';')[0])
          .join('; '),
      },
    });
    const html = await page.text();

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('仅供本地开发使用');
    expect(html).toContain('name="viewport"');
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const each of DEMO_IDENTITIES) expect(html).toContain(`value="${each.id}"`);
  });

  it('gives a department an access token for the API, with the claims a minted token has', async () => {
    // Act
    const tokens = await tokensFor(department.id);
    const tasks = await local.call('GET', '/tasks', { token: tokens.access_token });

    // Assess
    expect(tasks.status).toBe(200);
    expect(tokens.token_type).toBe('Bearer');
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({
      alg: 'RS256',
      kid: issuer.jwks().keys[0]?.kid,
    });
    const { payload } = await jwtVerify(tokens.access_token, createLocalJWKSet(issuer.jwks()), {
      issuer: issuer.issuerUrl,
      audience: LOCAL_AUDIENCE,
    });
    expect(payload).toMatchObject({
      role: 'department',
      sub: '360728-swj',
      division: '360728',
      name: '县商务局',
    });
    // RFC 9068 adds only the client it was issued to.
    expect(lasting(tokens.access_token)).toEqual({
      ...lasting(await issuer.mint(department.claims)),
      client_id: WEB_CLIENT_ID,
    });
    expect(decodeJwt(tokens.id_token)).toMatchObject({
      sub: department.id,
      role: 'department',
      aud: WEB_CLIENT_ID,
    });
  });

  it('signs a head in with position head, acting under the department', async () => {
    // Act
    const tokens = await tokensFor(head.id);
    const escalations = await local.call('GET', '/escalations', { token: tokens.access_token });

    // Assess
    expect(escalations.status).toBe(200);
    expect(lasting(tokens.access_token)).toEqual({
      ...lasting(await issuer.mint(head.claims)),
      client_id: WEB_CLIENT_ID,
    });
  });

  it('lets an enterprise register itself, and refuses its token on a department route', async () => {
    // Prepare
    const tokens = await tokensFor(enterprise.id, { resource: 'urn:huiqi' });
    const uscc = enterprise.claims.sub;

    // Act
    const registered = await local.call('PUT', '/enterprises/me', {
      token: tokens.access_token,
      body: enterpriseProfile(uscc, { name: enterprise.claims.name }),
    });
    const profile = await local.call('GET', '/enterprises/me', { token: tokens.access_token });
    const tasks = await local.call('GET', '/tasks', { token: tokens.access_token });

    // Assess
    expect(registered.status).toBe(200);
    expect(profile.body).toMatchObject({ uscc, name: enterprise.claims.name });
    expect(tasks.status).toBe(403);
    expect(lasting(tokens.access_token)).toEqual({
      ...lasting(await issuer.mint(enterprise.claims)),
      client_id: WEB_CLIENT_ID,
    });
  });

  it('returns to the app by name (localhost) as well as by address', async () => {
    // Act
    const flow = await signIn(discovery, department.id, {
      appOrigin: appOrigin.replace('127.0.0.1', 'localhost'),
    });
    const answer = await exchangeCode(discovery, flow);

    // Assess
    expect(flow.callback.origin).toBe(appOrigin.replace('127.0.0.1', 'localhost'));
    expect(answer.status).toBe(200);
  });

  it('refuses a code without its verifier, a resource other than the API, and a cancelled sign-in', async () => {
    // Act
    const flow = await signIn(discovery, department.id, { appOrigin });
    const wrongVerifier = await exchangeCode(discovery, { ...flow, verifier: 'x'.repeat(43) });
    const elsewhere = await signIn(discovery, department.id, {
      appOrigin,
      extra: { resource: 'https://elsewhere.example/api' },
    });
    const cancelled = await signIn(discovery, null, { appOrigin });

    // Assess
    expect(wrongVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(elsewhere.callback.searchParams.get('error')).toBe('invalid_target');
    expect(elsewhere.callback.searchParams.get('code')).toBeNull();
    expect(cancelled.callback.searchParams.get('error')).toBe('access_denied');
    expect(cancelled.callback.searchParams.get('code')).toBeNull();
  });
});
