// Runs the one-machine engines for real: DynamoDB Local (Java), fauxqs queues, and the SQS event source poller.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTables, startDynamoDb } from '../../infra/local/dynamodb.ts';
import { startPoller } from '../../infra/local/pollers.ts';
import { startQueues } from '../../infra/local/queues.ts';
import type { EventSourceMappingSpec, QueueSpec, Stoppable, TableSpec } from '../../infra/local/types.ts';
import { LambdaError } from '../../infra/local/types.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';

const running: Stoppable[] = [];
const tempDirs: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

async function stopEngine(engine: Stoppable): Promise<void> {
  await engine.stop();
  const index = running.indexOf(engine);
  if (index >= 0) running.splice(index, 1);
}

afterAll(async () => {
  // Pollers were registered after the queues they read, so stop in reverse order.
  for (const engine of running.reverse()) await engine.stop();
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
}, 30_000);

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('DynamoDB Local', () => {
  const applications: TableSpec = {
    tableName: 'Applications',
    keySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    attributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'status', AttributeType: 'S' },
    ],
    globalSecondaryIndexes: [
      {
        IndexName: 'byStatus',
        KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    timeToLiveAttribute: 'expiresAt',
  };
  const key = { pk: { S: 'APP#1' }, sk: { S: 'META' } };

  it('creates tables, keeps items across a restart, and leaves no java behind', async () => {
    // Prepare
    const dataDir = await tempDir('huiqi-ddb-');
    const first = await startDynamoDb({ dataDir });
    running.push(first);
    const firstClient = new DynamoDBClient({ endpoint: first.endpoint, region, credentials });

    // Act
    await createTables(first.endpoint, [applications]);
    await createTables(first.endpoint, [applications]);
    await firstClient.send(
      new PutItemCommand({
        TableName: 'Applications',
        Item: { ...key, status: { S: 'submitted' }, amount: { N: '1200' } },
      }),
    );
    const described = await firstClient.send(new DescribeTableCommand({ TableName: 'Applications' }));
    const readBack = await firstClient.send(new GetItemCommand({ TableName: 'Applications', Key: key }));
    firstClient.destroy();
    await stopEngine(first);
    const firstGone = processIsGone(first.pid);

    const second = await startDynamoDb({ dataDir });
    running.push(second);
    await createTables(second.endpoint, [applications]);
    const secondClient = new DynamoDBClient({ endpoint: second.endpoint, region, credentials });
    const afterRestart = await secondClient.send(new GetItemCommand({ TableName: 'Applications', Key: key }));
    secondClient.destroy();
    await stopEngine(second);

    // Assess
    expect(described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byStatus']);
    expect(readBack.Item?.amount).toEqual({ N: '1200' });
    expect(firstGone).toBe(true);
    expect(afterRestart.Item?.status).toEqual({ S: 'submitted' });
    expect(processIsGone(second.pid)).toBe(true);
  }, 90_000);
});

describe('fauxqs queues and the SQS poller', () => {
  const queues: QueueSpec[] = [
    {
      logicalId: 'Disbursements',
      queueName: 'disbursements',
      visibilityTimeoutSeconds: 1,
      redrive: { deadLetterQueueName: 'disbursements-dlq', maxReceiveCount: 2 },
    },
    { logicalId: 'DisbursementsDlq', queueName: 'disbursements-dlq', messageRetentionSeconds: 1_209_600 },
    { logicalId: 'Notices', queueName: 'notices', visibilityTimeoutSeconds: 1 },
  ];
  let dataDir: string;
  let engine: Awaited<ReturnType<typeof startQueues>>;
  let sqs: SQSClient;

  const mapping = (queueName: string, reportBatchItemFailures: boolean): EventSourceMappingSpec => ({
    queueName,
    functionName: `${queueName}-handler`,
    batchSize: 10,
    reportBatchItemFailures,
    enabled: true,
  });

  const send = (queueName: string, body: string) =>
    sqs.send(
      new SendMessageCommand({
        QueueUrl: engine.urlOf(queueName),
        MessageBody: body,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'disbursement' } },
      }),
    );

  const countMessages = async (queueName: string): Promise<number> => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: engine.urlOf(queueName),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
    );
  };

  beforeAll(async () => {
    dataDir = await tempDir('huiqi-sqs-');
    engine = await startQueues({ dataDir, queues });
    running.push(engine);
    sqs = new SQSClient({ endpoint: engine.endpoint, region, credentials });
  });

  afterAll(() => sqs.destroy());

  it('deletes the successes of a partial batch and dead-letters the reported failure', async () => {
    // Prepare
    const seen: SQSRecord[] = [];
    const poller = startPoller({
      endpoint: engine.endpoint,
      queueUrl: engine.urlOf('disbursements'),
      queueArn: engine.arnOf('disbursements'),
      mapping: mapping('disbursements', true),
      invoke: async (_functionName, event): Promise<SQSBatchResponse> => {
        const records = (event as SQSEvent).Records;
        seen.push(...records);
        return {
          batchItemFailures: records
            .filter((record) => record.body === 'bank-rejects')
            .map((record) => ({ itemIdentifier: record.messageId })),
        };
      },
    });
    running.push(poller);

    // Act
    await send('disbursements', 'pay-a');
    await send('disbursements', 'pay-b');
    await send('disbursements', 'bank-rejects');
    await waitFor(async () => (await countMessages('disbursements-dlq')) === 1, 15_000);
    await stopEngine(poller);
    const deadLetters = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: engine.urlOf('disbursements-dlq'), MaxNumberOfMessages: 10 }),
    );

    // Assess
    const bodies = seen.map((record) => record.body);
    expect(bodies.filter((body) => body === 'pay-a')).toHaveLength(1);
    expect(bodies.filter((body) => body === 'pay-b')).toHaveLength(1);
    expect(bodies.filter((body) => body === 'bank-rejects')).toHaveLength(2);
    expect(deadLetters.Messages?.map((message) => message.Body)).toEqual(['bank-rejects']);
    expect(await countMessages('disbursements')).toBe(0);
    const record = seen[0];
    expect(record?.eventSource).toBe('aws:sqs');
    expect(record?.eventSourceARN).toBe(engine.arnOf('disbursements'));
    expect(record?.awsRegion).toBe(region);
    expect(record?.attributes.ApproximateReceiveCount).toBe('1');
    expect(record?.messageAttributes.kind).toMatchObject({ dataType: 'String', stringValue: 'disbursement' });
  }, 30_000);

  it('redelivers every message of a batch whose invocation throws', async () => {
    // Prepare
    await send('notices', 'notice-1');
    await send('notices', 'notice-2');
    const receiveCounts = new Map<string, string[]>();
    const poller = startPoller({
      endpoint: engine.endpoint,
      queueUrl: engine.urlOf('notices'),
      queueArn: engine.arnOf('notices'),
      mapping: mapping('notices', true),
      invoke: async (_functionName, event) => {
        const records = (event as SQSEvent).Records;
        for (const record of records) {
          receiveCounts.set(record.body, [
            ...(receiveCounts.get(record.body) ?? []),
            record.attributes.ApproximateReceiveCount,
          ]);
        }
        if (records.some((record) => record.attributes.ApproximateReceiveCount === '1')) {
          throw new LambdaError('Error', 'notice service unavailable');
        }
        return undefined;
      },
    });
    running.push(poller);

    // Act
    await waitFor(async () => receiveCounts.size === 2 && (await countMessages('notices')) === 0, 15_000);
    await stopEngine(poller);

    // Assess
    expect(receiveCounts.get('notice-1')).toEqual(['1', '2']);
    expect(receiveCounts.get('notice-2')).toEqual(['1', '2']);
  }, 30_000);

  it('keeps queues, settings and waiting messages across a restart on the same data dir', async () => {
    // Prepare
    await send('notices', 'survives-restart');
    await stopEngine(engine);
    sqs.destroy();

    // Act
    engine = await startQueues({ dataDir, queues });
    running.push(engine);
    sqs = new SQSClient({ endpoint: engine.endpoint, region, credentials });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: engine.urlOf('disbursements'), AttributeNames: ['All'] }),
    );
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: engine.urlOf('notices') }));

    // Assess
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: engine.arnOf('disbursements-dlq'),
      maxReceiveCount: 2,
    });
    expect(Attributes?.VisibilityTimeout).toBe('1');
    expect(received.Messages?.map((message) => message.Body)).toEqual(['survives-restart']);
  }, 30_000);

  it('brings a received message back once the test clock passes its visibility timeout, across a restart', async () => {
    // Prepare: an order its consumer received and then died with, on a queue with the payer's three minutes.
    const payouts: QueueSpec[] = [
      { logicalId: 'Payouts', queueName: 'payouts', visibilityTimeoutSeconds: 180 },
    ];
    const payoutsDir = await tempDir('huiqi-sqs-clock-');
    let payoutEngine = await startQueues({ dataDir: payoutsDir, queues: payouts });
    let client = new SQSClient({ endpoint: payoutEngine.endpoint, region, credentials });
    const receive = () =>
      client.send(
        new ReceiveMessageCommand({
          QueueUrl: payoutEngine.urlOf('payouts'),
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
    await client.send(
      new SendMessageCommand({ QueueUrl: payoutEngine.urlOf('payouts'), MessageBody: 'order-1' }),
    );
    expect((await receive()).Messages).toHaveLength(1);

    // Act: most of the timeout passes, the queues restart, then the rest of it passes.
    await payoutEngine.advanceClock(100_000);
    const early = await receive();
    const earlyDepth = await payoutEngine.depthOf('payouts');
    await payoutEngine.stop();
    client.destroy();
    payoutEngine = await startQueues({ dataDir: payoutsDir, queues: payouts });
    running.push(payoutEngine);
    client = new SQSClient({ endpoint: payoutEngine.endpoint, region, credentials });
    const afterRestart = await receive();
    await payoutEngine.advanceClock(80_000);
    // Due now, it comes back within the second the local engine rounds up to.
    const back = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: payoutEngine.urlOf('payouts'),
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        WaitTimeSeconds: 5,
      }),
    );
    client.destroy();

    // Assess: invisible until the clock passed the timeout, then delivered again.
    expect(early.Messages ?? []).toEqual([]);
    expect(earlyDepth).toEqual({ visible: 0, inFlight: 1 });
    expect(afterRestart.Messages ?? []).toEqual([]);
    expect(back.Messages?.map((message) => message.Body)).toEqual(['order-1']);
    expect(back.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  }, 30_000);
});
