// Lambda entry for the audit trail: an entity's events and the verdict on its hash chain.
import { verifyChain } from '../../shared/audit/chain.ts';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoEnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { httpHandler, ok } from '../../shared/http.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { assertMayAudit } from './audit.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const ports = {
  cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
  catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
  enterprises: dynamoEnterpriseRepository(envOf('ENTERPRISES_TABLE'), audit),
  payments: dynamoPaymentStore(envOf('LEDGER_TABLE'), audit),
};
export const handler = httpHandler('audit', {
  'GET /audit/{entityType}/{id}': async ({ principal, path: { entityType, id } }) => {
    await assertMayAudit(ports, principal, entityType, id);
    const events = await audit.chainOf(entityType, id);
    return ok({ entityType, entityId: id, events, verification: verifyChain(events) });
  },
});
