// Local identity provider: one persisted RS256 key that mints the JWTs the local HTTP API's authorizer accepts.
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export const ISSUER_ALG = 'RS256';
/** A working day: a token minted in the morning lasts until evening. */
export const DEFAULT_TTL_SECONDS = 8 * 3600;

export interface LocalIssuerOptions {
  dataDir: string;
  issuerUrl: string;
  audience: string;
}

export interface MintClaims {
  role: string;
  sub: string;
  name?: string;
  /** Jurisdiction (GB/T 2260) of staff: window, payer, finance, admin. */
  division?: string;
  /** `head` for the head (负责人) of a department or agency, who receives escalations. */
  position?: string;
}

export interface LocalIssuer {
  readonly issuerUrl: string;
  readonly audience: string;
  /** Signs a token; a negative ttl yields an already-expired token, which tests rely on. */
  mint(claims: MintClaims, ttlSeconds?: number): Promise<string>;
  /** Public keys only. */
  jwks(): { keys: JWK[] };
  /** The signing key itself, private members included, for the OpenID provider that signs with it; never served. */
  privateJwks(): { keys: JWK[] };
  openidConfiguration(): { issuer: string; jwks_uri: string };
}

/** The platform's own claims of a token, as the API's functions read them: the same for minted and OpenID tokens. */
export function tokenClaims(claims: MintClaims): Record<string, string> {
  const payload: Record<string, string> = { role: claims.role, sub: claims.sub };
  if (claims.name !== undefined) payload.name = claims.name;
  if (claims.division !== undefined) payload.division = claims.division;
  if (claims.position !== undefined) payload.position = claims.position;
  return payload;
}

/** Public members of an RSA JWK: anything else (d, p, q, dp, dq, qi) is private. */
const PUBLIC_RSA_MEMBERS = ['kty', 'n', 'e', 'kid', 'alg', 'use'] as const;

function isPrivateRsaJwk(value: unknown): value is JWK & { kid: string } {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === 'RSA' && typeof jwk.n === 'string' && typeof jwk.d === 'string' && typeof jwk.kid === 'string'
  );
}

async function readKeyFile(path: string): Promise<(JWK & { kid: string }) | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isPrivateRsaJwk(parsed)) {
    throw new Error(`本地签发密钥格式不对（invalid local issuer key）：${path}；删除该文件后会重新生成`);
  }
  return parsed;
}

async function generateKeyFile(path: string): Promise<JWK & { kid: string }> {
  const { privateKey } = await generateKeyPair(ISSUER_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const stored = { ...jwk, kid, alg: ISSUER_ALG, use: 'sig' };
  // Written aside then hard-linked: link fails if the file exists, so when the server and the token CLI
  // start together only one key wins and both end up using it.
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  try {
    await link(temporary, path);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyFile(path);
    if (!winner) throw error;
    return winner;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Loads `<dataDir>/issuer/key.json`, generating it on first use. */
export async function loadIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  const { issuerUrl, audience } = options;
  const directory = join(options.dataDir, 'issuer');
  const keyPath = join(directory, 'key.json');
  await mkdir(directory, { recursive: true });
  const privateJwk = (await readKeyFile(keyPath)) ?? (await generateKeyFile(keyPath));
  const kid = privateJwk.kid;
  const signingKey = await importJWK(privateJwk, ISSUER_ALG);

  const publicJwk: JWK = {};
  for (const member of PUBLIC_RSA_MEMBERS) {
    const value = privateJwk[member];
    if (value !== undefined) publicJwk[member] = value;
  }
  publicJwk.alg = ISSUER_ALG;
  publicJwk.use = 'sig';

  return {
    issuerUrl,
    audience,
    async mint(claims, ttlSeconds = DEFAULT_TTL_SECONDS) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(tokenClaims(claims))
        .setProtectedHeader({ alg: ISSUER_ALG, kid, typ: 'JWT' })
        .setIssuer(issuerUrl)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setJti(randomUUID())
        .sign(signingKey);
    },
    jwks() {
      return { keys: [{ ...publicJwk }] };
    },
    privateJwks() {
      return { keys: [{ ...privateJwk }] };
    },
    openidConfiguration() {
      return { issuer: issuerUrl, jwks_uri: `${issuerUrl}/.well-known/jwks.json` };
    },
  };
}
