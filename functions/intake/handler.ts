// Lambda entry for intake: wires the catalog, enterprises, the case store, materials and Step Functions into the routes.
import { randomUUID } from 'node:crypto';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoEnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { httpHandler } from '../../shared/http.ts';
import { dynamoMaterialRepository } from '../../shared/materials/repository.ts';
import { s3MaterialStore } from '../../shared/materials/s3.ts';
import { tracer } from '../../shared/observability.ts';
import { intakeRoutes } from './routes.ts';

const sfn = tracer.captureAWSv3Client(new SFNClient({}));
const chainArns = { instant: envOf('INSTANT_CHAIN_ARN'), review: envOf('REVIEW_CHAIN_ARN') };
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);

export const handler = httpHandler(
  intakeRoutes({
    catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
    cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
    enterprises: dynamoEnterpriseRepository(envOf('ENTERPRISES_TABLE'), audit),
    materials: dynamoMaterialRepository(envOf('CASES_TABLE')),
    materialStore: s3MaterialStore(envOf('MATERIALS_BUCKET')),
    calendar: () => calendars.calendar(),
    newId: randomUUID,
    now: () => new Date(),
    async resumeChain(taskToken, output) {
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    },
    async startChain(record) {
      if (record.mode === 'auto') throw new Error('auto policies have no approval chain');
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: chainArns[record.mode],
          name: record.id,
          input: JSON.stringify({ caseId: record.id }),
        }),
      );
    },
  }),
);
