// Lambda entry for intake: wires the catalog, enterprises, the case store, materials and Step Functions into the routes.
import { randomUUID } from 'node:crypto';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { chainEngine, chainResumer } from '../../shared/chains/aws.ts';
import { dynamoChainStore } from '../../shared/chains/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoEnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { httpHandler } from '../../shared/http.ts';
import { dynamoMaterialRepository } from '../../shared/materials/repository.ts';
import { s3MaterialStore } from '../../shared/materials/s3.ts';
import { logger } from '../../shared/observability.ts';
import { intakeRoutes } from './routes.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);

export const handler = httpHandler(
  'intake',
  intakeRoutes({
    catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
    cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
    enterprises: dynamoEnterpriseRepository(envOf('ENTERPRISES_TABLE'), audit),
    materials: dynamoMaterialRepository(envOf('CASES_TABLE')),
    materialStore: s3MaterialStore(envOf('MATERIALS_BUCKET')),
    calendar: () => calendars.calendar(),
    newId: randomUUID,
    now: () => new Date(),
    resumeChain: chainResumer(envOf('CASES_TABLE')),
    chains: chainEngine(envOf('APPROVAL_CHAIN_ARN')),
    chainStore: dynamoChainStore(envOf('CASES_TABLE')),
    report: (message, details) => logger.warn(message, details),
  }),
);
