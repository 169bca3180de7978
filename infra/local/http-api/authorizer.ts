// The route's JWT authorizer: verifies the bearer token against the local issuer and hands its claims on as strings.
import type { IncomingMessage } from 'node:http';
import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { ISSUER_ALG, type LocalIssuer } from '../issuer.ts';
import type { RouteSpec } from '../types.ts';
import { HttpError } from './responses.ts';

/** API Gateway hands claims to the function as strings: scalars stringified, arrays as "[a b]". */
function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map((item) => String(item)).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

/**
 * The authorizer of every route with a JWT authorizer, verifying against the local issuer's keys: the token's claims
 * as the function receives them, or 401.
 */
export function jwtAuthorizer(
  issuer: LocalIssuer,
): (req: IncomingMessage, jwt: NonNullable<RouteSpec['jwt']>) => Promise<Record<string, string>> {
  const keySet = createLocalJWKSet(issuer.jwks());

  async function verify(req: IncomingMessage, jwt: NonNullable<RouteSpec['jwt']>): Promise<JWTPayload> {
    const header = req.headers.authorization;
    // API Gateway's JWT authorizer takes the token with or without the Bearer prefix.
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    if (!token) throw new HttpError(401, 'Unauthorized');
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: jwt.issuer,
        audience: jwt.audience,
        algorithms: [ISSUER_ALG],
        requiredClaims: ['exp'],
      });
      // API Gateway's JWT authorizer also wants `iat` before the current time; jose checks it only for a maximum age.
      if (payload.iat !== undefined && payload.iat > Math.floor(Date.now() / 1000)) throw new Error('iat');
      return payload;
    } catch {
      throw new HttpError(401, 'Unauthorized');
    }
  }

  return async (req, jwt) => flattenClaims(await verify(req, jwt));
}
