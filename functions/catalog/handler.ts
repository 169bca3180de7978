// Lambda entry for the catalog routes and the API's own description.
import { openApiDocument } from '../../shared/api/openapi.ts';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler, ok } from '../../shared/http.ts';
import { catalogRoutes } from './routes.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const catalog = dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit);
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);
// Built once per cold start: the document depends only on the code.
const openApi = openApiDocument();

export const handler = httpHandler('catalog', {
  ...catalogRoutes({ catalog, calendars, now: () => new Date() }, envOf('DEFAULT_DIVISION_CODE')),
  'GET /openapi.json': async () => ok(openApi),
});
