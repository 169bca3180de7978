// Lambda entry for the audit trail: an entity's events and the verdict on its hash chain.
import * as z from 'zod';
import { AUDITED_ENTITIES, verifyChain } from '../../shared/audit/chain.ts';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoEnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { type HttpEvent, httpHandler, ok } from '../../shared/http.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { assertMayAudit } from './audit.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const ports = {
  cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
  catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
  enterprises: dynamoEnterpriseRepository(envOf('ENTERPRISES_TABLE'), audit),
  payments: dynamoPaymentStore(envOf('LEDGER_TABLE'), audit),
};
export const auditPath = z.strictObject({
  entityType: z.enum(AUDITED_ENTITIES),
  id: z.string().min(1).max(128),
});

export const handler = httpHandler({
  'GET /audit/{entityType}/{id}': async (event: HttpEvent) => {
    const principal = principalOf(event);
    requireRole(principal, 'admin', 'finance', 'enterprise', 'department', 'agency');
    const { entityType, id } = parseWith(auditPath, event.pathParameters ?? {});
    await assertMayAudit(ports, principal, entityType, id);
    const events = await audit.chainOf(entityType, id);
    return ok({ entityType, entityId: id, events, verification: verifyChain(events) });
  },
});
