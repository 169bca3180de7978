// Lambda entry for intake: wires the catalog, the case store and Step Functions into the routes.
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler } from '../../shared/http.ts';
import { tracer } from '../../shared/observability.ts';
import { intakeRoutes } from './routes.ts';

const sfn = tracer.captureAWSv3Client(new SFNClient({}));
const chainArns = { instant: envOf('INSTANT_CHAIN_ARN'), review: envOf('REVIEW_CHAIN_ARN') };

export const handler = httpHandler(
  intakeRoutes({
    catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE')),
    cases: dynamoCaseRepository(envOf('CASES_TABLE')),
    now: () => new Date(),
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
