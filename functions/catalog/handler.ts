// Lambda entry for the catalog routes and the API's own description.
import { openApiDocument } from '../../shared/api/openapi.ts';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { cacheSecondsOf, catalogReadCache } from '../../shared/catalog/read-cache.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler, ok } from '../../shared/http.ts';
import { catalogRoutes } from './routes.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
// Seconds a public read is kept, here and (as Cache-Control max-age) by CloudFront; 0 turns both off.
const cacheSeconds = cacheSecondsOf(process.env.CATALOG_CACHE_SECONDS);
const { catalog, reads } = catalogReadCache(dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit), {
  seconds: cacheSeconds,
  now: () => new Date(),
});
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);
// Built once per cold start: the document depends only on the code.
const openApi = openApiDocument();

export const handler = httpHandler(
  'catalog',
  {
    ...catalogRoutes(
      { catalog, calendars, publicReads: reads, now: () => new Date() },
      envOf('DEFAULT_DIVISION_CODE'),
    ),
    'GET /openapi.json': async () => ok(openApi),
    // The floor of every answer (edge, logging, metrics) without any work: for uptime checks and benchmarks.
    'GET /health': async () => ok({ status: 'ok' as const }),
  },
  { publicCacheSeconds: cacheSeconds },
);
