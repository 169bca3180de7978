// Lambda entry for the oversight routes: statistics and risk warnings, read-only over cases, payments and the catalog.
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler } from '../../shared/http.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { oversightRoutes } from './routes.ts';

// The repositories take an audit log for their writes; these routes only read.
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);

export const handler = httpHandler(
  'oversight',
  oversightRoutes({
    cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
    payments: dynamoPaymentStore(envOf('LEDGER_TABLE'), audit),
    catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
    calendar: () => calendars.calendar(),
    now: () => new Date(),
  }),
);
