// Lambda entry for the enterprise routes.
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoBlacklistRepository } from '../../shared/blacklists/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoEnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { httpHandler } from '../../shared/http.ts';
import { enterpriseRoutes } from './routes.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));

export const handler = httpHandler(
  'enterprises',
  enterpriseRoutes({
    enterprises: dynamoEnterpriseRepository(envOf('ENTERPRISES_TABLE'), audit),
    blacklists: dynamoBlacklistRepository(envOf('ENTERPRISES_TABLE'), audit),
    catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
    now: () => new Date(),
  }),
);
