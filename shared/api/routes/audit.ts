// Routes of the audit trail: any object's events and the verdict on their hash chain.
import * as z from 'zod';
import { AUDITED_ENTITIES } from '../../audit/chain.ts';
import type { RouteSpec } from '../contract.ts';
import { auditTrail } from '../responses/audit.ts';

export const auditRoutes = {
  'GET /audit/{entityType}/{id}': {
    function: 'audit',
    summary: '审计记录及其哈希链校验',
    roles: ['admin', 'finance', 'enterprise', 'department', 'agency'],
    params: z.strictObject({ entityType: z.enum(AUDITED_ENTITIES), id: z.string().min(1).max(128) }),
    responses: { 200: auditTrail },
  },
} as const satisfies Record<string, RouteSpec>;
