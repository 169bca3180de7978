// Who is calling: the role and subject carried by the verified JWT, and the checks every route makes.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { forbidden, unauthenticated } from './errors.ts';

export const ROLES = ['enterprise', 'window', 'department', 'agency', 'payer', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The caller. `subject` is the enterprise USCC, staff id, department id or agency id, by role. */
export interface Principal {
  role: Role;
  subject: string;
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && ROLES.includes(value as Role);

/** Reads the principal from claims the API's JWT authorizer has already verified. */
export function principalOf(event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>): Principal {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const role = claims?.role;
  const subject = claims?.sub;
  if (!claims || typeof subject !== 'string' || subject === '') throw unauthenticated();
  if (!isRole(role)) throw forbidden('身份令牌中的角色无效');
  return { role, subject };
}

/** Function-level check: refuses callers whose role may not use the route. */
export function requireRole(principal: Principal, ...allowed: Role[]): void {
  if (!allowed.includes(principal.role)) throw forbidden(`此操作仅限以下角色：${allowed.join('、')}`);
}
