// Who is calling: the role, subject and jurisdiction carried by the verified JWT, and the checks every route makes.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Actor } from './audit/chain.ts';
import { divisionOfId } from './division.ts';
import { forbidden, tokenIssuedInFuture, unauthenticated } from './errors.ts';

export const ROLES = ['enterprise', 'window', 'department', 'agency', 'payer', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller. `subject` is the enterprise USCC, staff id, department id or agency id, by role. */
export interface Principal {
  role: Role;
  subject: string;
  /** GB/T 2260 jurisdiction of staff (claim `division`); department and agency ids carry it as their prefix. */
  division?: string;
  /** The head (负责人) of a department or agency (claim `position: head`): receives escalations (督办). */
  head?: boolean;
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && ROLES.includes(value as Role);
const DIVISION = /^\d{6}$/;
/** How far ahead of this function's clock an identity provider's clock may run. */
export const MAX_CLOCK_SKEW_SECONDS = 60;

/** A token issued in the future was minted by a clock that is wrong, or to outlive its stated lifetime. */
function assertIssuedInThePast(issuedAt: unknown, now: Date): void {
  if (issuedAt === undefined) return;
  const seconds = Number(issuedAt);
  if (!Number.isFinite(seconds)) throw unauthenticated();
  if (seconds > now.getTime() / 1000 + MAX_CLOCK_SKEW_SECONDS) throw tokenIssuedInFuture();
}

/** Reads the principal from claims the API's JWT authorizer has verified; `iat` is checked here again. */
export function principalOf(
  event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>,
  now: Date = new Date(),
): Principal {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const role = claims?.role;
  const subject = claims?.sub;
  if (!claims || typeof subject !== 'string' || subject === '') throw unauthenticated();
  assertIssuedInThePast(claims.iat, now);
  if (!isRole(role)) throw forbidden('身份令牌中的角色无效');
  const claimed =
    typeof claims.division === 'string' && DIVISION.test(claims.division) ? claims.division : undefined;
  const division =
    claimed ?? (role === 'department' || role === 'agency' ? divisionOfId(subject) : undefined);
  const head = (role === 'department' || role === 'agency') && claims.position === 'head';
  return { role, subject, ...(division ? { division } : {}), ...(head ? { head } : {}) };
}

/** The edge's check from the contract: refuses callers whose role may not use the route. */
export function requireRole(principal: Principal, ...allowed: readonly Role[]): void {
  if (!allowed.includes(principal.role)) throw forbidden(`此操作仅限以下角色：${allowed.join('、')}`);
}

/** The jurisdiction a staff token acts for; a token without one acts for none. */
export function divisionOf(principal: Principal): string {
  if (!principal.division) throw forbidden('身份令牌未注明所属行政区划');
  return principal.division;
}

/** Object-level check for staff: the object must lie in the caller's own jurisdiction. */
export function requireJurisdiction(principal: Principal, divisionCode: string): void {
  if (principal.division !== divisionCode) throw forbidden('该事项不属于您所在的行政区划');
}

/** How the audit trail names the caller. */
export const actorOf = (principal: Principal): Actor => ({
  role: principal.role,
  subject: principal.subject,
});
