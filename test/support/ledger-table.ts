// DynamoDB Local with the ledger table exactly as the stack declares it (logical id, indexes and all), taken from
// `cdk.out`, for tests that drive the ledger, the payer and the bank's book without the rest of the platform.
import { LocalTemplate } from '../../infra/local/assembly.ts';
import { createTables, startDynamoDb } from '../../infra/local/dynamodb.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/loopback.ts';
import { CDK_OUT } from './cloud-assembly.ts';

export interface LedgerTableDb {
  tableName: string;
  stop(): Promise<void>;
}

/** In memory: these tests never restart it. */
export async function startLedgerTable(options: { longRunning?: boolean } = {}): Promise<LedgerTableDb> {
  const spec = new LocalTemplate(CDK_OUT, 'Huiqi')
    .tables()
    .find((t) => t.tableName.startsWith('LedgerTable'));
  if (!spec) throw new Error('cdk.out has no LedgerTable: run cdk synth first');
  const db = await startDynamoDb(options);
  await createTables(db.endpoint, [spec]);
  // The shared document client reads its endpoint when first loaded, so modules using it load after this.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  return {
    tableName: spec.tableName,
    async stop() {
      await db.stop();
    },
  };
}
