// The local HTTP API against a real socket: routing, JWT authorizer, v2 event and response mapping, the token CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HttpApi, MAX_REQUEST_BYTES, startHttpApi } from '../../infra/local/http-api.ts';
import { type LocalIssuer, loadIssuer } from '../../infra/local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl } from '../../infra/local/issuer-config.ts';
import { LambdaError, type RouteSpec } from '../../infra/local/types.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);
const ISSUER_URL = localIssuerUrl(3000);

const routes: RouteSpec[] = [
  { routeKey: 'GET /policies/{id}', functionName: 'echo' },
  { routeKey: 'POST /echo', functionName: 'echo' },
  { routeKey: 'GET /me', functionName: 'echo', jwt: { issuer: ISSUER_URL, audience: [LOCAL_AUDIENCE] } },
  { routeKey: 'ANY /files/{proxy+}', functionName: 'files' },
  { routeKey: 'GET /files/special', functionName: 'special' },
  { routeKey: 'GET /boom', functionName: 'boom' },
  { routeKey: 'GET /shaped', functionName: 'shaped' },
  { routeKey: '$default', functionName: 'fallback' },
];

interface Call {
  functionName: string;
  event: Record<string, unknown>;
}

let calls: Call[] = [];
const errors: unknown[] = [];

/** The seam: echoes the event back, except for the functions that exercise error and response shapes. */
async function invoke(functionName: string, event: unknown): Promise<unknown> {
  calls.push({ functionName, event: event as Record<string, unknown> });
  if (functionName === 'boom') throw new LambdaError('TypeError', 'secret detail at handler.ts:42');
  if (functionName === 'shaped') {
    return {
      statusCode: 201,
      headers: { 'X-Custom': 'yes', 'Content-Type': 'application/octet-stream' },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    };
  }
  return { functionName, event };
}

let dataDir: string;
let issuer: LocalIssuer;
let api: HttpApi;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'huiqi-http-api-'));
  issuer = await loadIssuer({ dataDir, issuerUrl: ISSUER_URL, audience: LOCAL_AUDIENCE });
  api = await startHttpApi({ port: 0, routes, invoke, issuer, logger: { error: (_m, e) => errors.push(e) } });
});

afterAll(async () => {
  await api?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  calls = [];
});

async function getJson(
  response: Response,
): Promise<{ functionName: string; event: Record<string, unknown> }> {
  expect(response.headers.get('content-type')).toBe('application/json');
  return (await response.json()) as { functionName: string; event: Record<string, unknown> };
}

describe('routing and the v2 event', () => {
  it('gives a public route the v2 event with path parameters and query', async () => {
    // Prepare
    const url = `${api.url}/policies/p%201?region=360728&tag=a&tag=b`;

    // Act
    const response = await fetch(url, { headers: { Cookie: 'session=abc; theme=dark', 'X-Trace': 't1' } });

    // Assess
    expect(response.status).toBe(200);
    const { event } = await getJson(response);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /policies/{id}',
      rawPath: '/policies/p%201',
      rawQueryString: 'region=360728&tag=a&tag=b',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { region: '360728', tag: 'a,b' },
      pathParameters: { id: 'p 1' },
      isBase64Encoded: false,
      requestContext: {
        apiId: 'local',
        routeKey: 'GET /policies/{id}',
        stage: '$default',
        domainName: '127.0.0.1',
        http: { method: 'GET', path: '/policies/p%201', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    const headers = event.headers as Record<string, string>;
    expect(headers['x-trace']).toBe('t1');
    expect(headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    const context = event.requestContext as Record<string, unknown>;
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof context.timeEpoch).toBe('number');
    expect(context.authorizer).toBeUndefined();
  });

  it('passes a query parameter named like an object member as a parameter, for the function to refuse', async () => {
    // Act
    const response = await fetch(`${api.url}/policies/7?__proto__=x&constructor=y`);

    // Assess
    const { event } = await getJson(response);
    const query = event.queryStringParameters as Record<string, string>;
    expect(Object.keys(query)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(query, '__proto__')?.value).toBe('x');
  });

  it('passes textual bodies as text and binary bodies as base64', async () => {
    // Prepare
    const binary = Buffer.from([0xde, 0xad, 0xbe, 0xef]);

    // Act
    const text = await getJson(
      await fetch(`${api.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"名":"惠企"}',
      }),
    );
    const bytes = await getJson(
      await fetch(`${api.url}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: binary,
      }),
    );

    // Assess
    expect(text.event).toMatchObject({ body: '{"名":"惠企"}', isBase64Encoded: false });
    expect(bytes.event).toMatchObject({ body: binary.toString('base64'), isBase64Encoded: true });
  });

  it('routes a greedy proxy, prefers the exact route and falls back to $default', async () => {
    // Act
    const greedy = await getJson(await fetch(`${api.url}/files/a/b%20c.pdf`, { method: 'DELETE' }));
    const exact = await getJson(await fetch(`${api.url}/files/special`));
    const fallback = await getJson(await fetch(`${api.url}/nothing/here`, { method: 'PUT' }));

    // Assess
    expect(greedy.functionName).toBe('files');
    expect(greedy.event).toMatchObject({
      routeKey: 'ANY /files/{proxy+}',
      pathParameters: { proxy: 'a/b c.pdf' },
    });
    expect(exact.functionName).toBe('special');
    expect(fallback.functionName).toBe('fallback');
    expect(fallback.event).toMatchObject({ routeKey: '$default', rawPath: '/nothing/here' });
  });

  it('answers 404 without a matching route or $default', async () => {
    // Prepare
    const bare = await startHttpApi({
      port: 0,
      routes: [{ routeKey: 'GET /only', functionName: 'echo' }],
      invoke,
      issuer,
    });

    // Act
    const response = await fetch(`${bare.url}/other`);
    const wrongMethod = await fetch(`${bare.url}/only`, { method: 'POST' });
    await bare.stop();

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(wrongMethod.status).toBe(404);
    expect(calls).toEqual([]);
  });
});

describe('JWT authorizer', () => {
  it('refuses a protected route without a token and does not invoke', async () => {
    // Act
    const response = await fetch(`${api.url}/me`);

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(calls).toEqual([]);
  });

  it('passes the claims of a token minted by the issuer, flattened to strings', async () => {
    // Prepare
    const token = await issuer.mint({ role: 'enterprise', sub: '91360728MA35XXXXXX', name: '某某公司' });

    // Act
    const response = await fetch(`${api.url}/me`, { headers: { Authorization: `Bearer ${token}` } });

    // Assess
    expect(response.status).toBe(200);
    const { event } = await getJson(response);
    const authorizer = (event.requestContext as { authorizer: { jwt: { claims: Record<string, string> } } })
      .authorizer;
    expect(authorizer.jwt).toMatchObject({
      claims: {
        role: 'enterprise',
        sub: '91360728MA35XXXXXX',
        name: '某某公司',
        iss: ISSUER_URL,
        aud: 'huiqi',
      },
      scopes: null,
    });
    expect(authorizer.jwt.claims.exp).toMatch(/^\d+$/);
  });

  it('refuses a token issued in the future, as API Gateway checks iat against its clock', async () => {
    // Prepare: the issuer's own key, a clock a minute ahead.
    const key = JSON.parse(await readFile(join(dataDir, 'issuer', 'key.json'), 'utf8'));
    const signingKey = await importJWK(key, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const signed = (issuedAt: number) =>
      new SignJWT({ role: 'admin', sub: 'admin' })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(ISSUER_URL)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(now + 3600)
        .sign(signingKey);
    const call = async (token: string) =>
      (await fetch(`${api.url}/me`, { headers: { Authorization: `Bearer ${token}` } })).status;

    // Act
    const statuses = [await call(await signed(now + 60)), await call(await signed(now - 5))];

    // Assess
    expect(statuses).toEqual([401, 200]);
    expect(calls).toHaveLength(1);
  });

  it('refuses a wrong audience, a foreign key and an expired token', async () => {
    // Prepare
    const wrongAudience = await loadIssuer({ dataDir, issuerUrl: ISSUER_URL, audience: 'someone-else' });
    const foreignDir = await mkdtemp(join(tmpdir(), 'huiqi-foreign-'));
    const foreign = await loadIssuer({
      dataDir: foreignDir,
      issuerUrl: ISSUER_URL,
      audience: LOCAL_AUDIENCE,
    });
    const wrongIssuer = await loadIssuer({
      dataDir,
      issuerUrl: 'https://evil.example',
      audience: LOCAL_AUDIENCE,
    });
    const tokens = [
      await wrongAudience.mint({ role: 'admin', sub: 'admin' }),
      await foreign.mint({ role: 'admin', sub: 'admin' }),
      await wrongIssuer.mint({ role: 'admin', sub: 'admin' }),
      await issuer.mint({ role: 'admin', sub: 'admin' }, -60),
      'not-a-jwt',
    ];

    // Act
    const statuses = await Promise.all(
      tokens.map(
        async (token) =>
          (await fetch(`${api.url}/me`, { headers: { Authorization: `Bearer ${token}` } })).status,
      ),
    );
    await rm(foreignDir, { recursive: true, force: true });

    // Assess
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(calls).toEqual([]);
  });
});

describe('response mapping and limits', () => {
  it('maps statusCode, headers, cookies and a base64 body', async () => {
    // Act
    const response = await fetch(`${api.url}/shaped`);

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('turns a function error into 500 without leaking the error', async () => {
    // Prepare
    errors.length = 0;

    // Act
    const response = await fetch(`${api.url}/boom`);
    const text = await response.text();

    // Assess
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ message: 'Internal Server Error' });
    expect(text).not.toContain('secret');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LambdaError);
  });

  it('refuses a body over 10 MB with 413 before invoking', async () => {
    // Prepare
    const body = Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x61);

    // Act
    const response = await fetch(`${api.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(calls).toEqual([]);
  });

  it('rejects with one clear line when the port is taken', async () => {
    // Prepare
    const port = Number(new URL(api.url).port);

    // Act
    const attempt = startHttpApi({ port, routes, invoke, issuer });

    // Assess
    await expect(attempt).rejects.toThrow(
      `端口 ${port} 已被占用（port ${port} is in use）；请设置 PORT 换一个端口`,
    );
  });
});

/** Sends raw bytes and reads whatever comes back until the server closes the connection. */
function exchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('requests that never finish', () => {
  const TIMEOUT_MS = 300;
  let late: HttpApi;

  beforeAll(async () => {
    late = await startHttpApi({ port: 0, routes, invoke, issuer, requestTimeoutMs: TIMEOUT_MS });
  });
  afterAll(async () => {
    await late?.stop();
  });

  it('answers headers that never end with 408 in a JSON message and closes the connection', async () => {
    // Act
    const started = Date.now();
    const answer = await exchange(late.url, 'POST /echo HTTP/1.1\r\nHost: local\r\nContent-Type: applica');

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer.endsWith('{"message":"Request Timeout"}')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(calls).toEqual([]);
  });

  it('answers a body that never arrives with 408 and never invokes the function', async () => {
    // Act
    const answer = await exchange(
      late.url,
      'POST /echo HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );

    // Assess
    const [head = '', body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(head.toLowerCase()).toMatch(/apigw-requestid: [0-9a-f-]{36}/);
    expect(JSON.parse(body ?? '')).toEqual({ message: 'Request Timeout' });
    expect(calls).toEqual([]);
  });

  it('still serves a request that completes in time', async () => {
    // Act
    const response = await fetch(`${late.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });

    // Assess
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});

describe('local issuer', () => {
  it('serves its discovery document and public JWKS', async () => {
    // Act
    const discovery = await (await fetch(`${api.url}/local-issuer/.well-known/openid-configuration`)).json();
    const jwks = (await (await fetch(`${api.url}/local-issuer/.well-known/jwks.json`)).json()) as {
      keys: Record<string, unknown>[];
    };

    // Assess
    expect(discovery).toEqual({ issuer: ISSUER_URL, jwks_uri: `${ISSUER_URL}/.well-known/jwks.json` });
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]?.kid).toEqual(expect.any(String));
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('keeps its key across loads so tokens survive restarts', async () => {
    // Act
    const again = await loadIssuer({ dataDir, issuerUrl: ISSUER_URL, audience: LOCAL_AUDIENCE });

    // Assess
    expect(again.jwks()).toEqual(issuer.jwks());
  });

  it('settles on one key when two processes create it at once', async () => {
    // Prepare
    const freshDir = await mkdtemp(join(tmpdir(), 'huiqi-race-'));
    const options = { dataDir: freshDir, issuerUrl: ISSUER_URL, audience: LOCAL_AUDIENCE };

    // Act
    const [first, second] = await Promise.all([loadIssuer(options), loadIssuer(options)]);
    const reloaded = await loadIssuer(options);
    await rm(freshDir, { recursive: true, force: true });

    // Assess
    expect(first.jwks()).toEqual(second.jwks());
    expect(reloaded.jwks()).toEqual(first.jwks());
  });
});

describe('token CLI', () => {
  const cli = (args: string[], cliDataDir: string) =>
    run('npx', ['tsx', 'infra/local/token-cli.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, HUIQI_DATA_DIR: cliDataDir, PORT: '3456' },
    });

  it('prints exactly one line, a token the issuer verifies', async () => {
    // Prepare
    const cliDataDir = await mkdtemp(join(tmpdir(), 'huiqi-cli-'));

    // Act
    const { stdout } = await cli(['enterprise', '91360728MA35XXXXXX'], cliDataDir);
    const cliIssuer = await loadIssuer({
      dataDir: cliDataDir,
      issuerUrl: localIssuerUrl(3456),
      audience: LOCAL_AUDIENCE,
    });
    await rm(cliDataDir, { recursive: true, force: true });

    // Assess
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { payload } = await jwtVerify(stdout.trim(), createLocalJWKSet(cliIssuer.jwks()), {
      issuer: localIssuerUrl(3456),
      audience: LOCAL_AUDIENCE,
    });
    expect(payload).toMatchObject({ role: 'enterprise', sub: '91360728MA35XXXXXX' });
  }, 30_000);

  it('exits 2 with a usage line on wrong usage', async () => {
    // Prepare
    const cliDataDir = await mkdtemp(join(tmpdir(), 'huiqi-cli-'));

    // Act
    const outcomes = await Promise.all(
      [['nobody'], ['window'], ['enterprise', '91360728MA35XXXXXI']].map((args) =>
        cli(args, cliDataDir).then(
          () => ({ code: 0, stdout: '', stderr: '' }),
          (error: { code: number; stdout: string; stderr: string }) => error,
        ),
      ),
    );
    await rm(cliDataDir, { recursive: true, force: true });

    // Assess
    for (const outcome of outcomes) {
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toContain('用法（usage）');
    }
  }, 30_000);
});
