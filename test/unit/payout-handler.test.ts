import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

const dynamo = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
let handler: (
  event: SQSEvent,
  context: Context,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

const order = (paymentId: string) =>
  JSON.stringify({
    paymentId,
    source: 'case',
    caseId: 'c1',
    policyId: '360728-019',
    policyName: '专精特新企业奖励',
    departmentId: '360728-scjgj',
    period: '2026',
    uscc: '91350100M000100Y43',
    enterpriseName: '定南测试企业',
    amountFen: 450000,
    bankAccount: { bankName: '定南农商银行', accountNo: '6228480000000001', accountName: '定南测试企业' },
    orderedAt: '2026-11-20T02:00:00.000Z',
  });
const record = (messageId: string, body: string) =>
  ({
    messageId,
    body,
    receiptHandle: messageId,
    attributes: {},
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:0:q',
    awsRegion: 'us-east-1',
  }) as SQSEvent['Records'][number];
const context = {
  functionName: 'payout',
  awsRequestId: 'r',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/** Strongly consistent reads go out as BatchGetItem: answers from the given items, by key. */
const stored = (items: Record<string, unknown>[]) =>
  dynamo.on(BatchGetCommand).callsFake((input) => {
    const [table, request] = Object.entries(input.RequestItems ?? {})[0] as [
      string,
      { Keys: { pk: string; sk: string }[] },
    ];
    const found = request.Keys.flatMap((key) =>
      items.filter((item) => item.pk === key.pk && item.sk === key.sk),
    );
    return { Responses: { [table]: found } };
  });
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('payout handler (one handler, SDK mocked)', () => {
  beforeAll(async () => {
    process.env.LEDGER_TABLE = 'Ledger';
    process.env.CASES_TABLE = 'Cases';
    process.env.ENTERPRISES_TABLE = 'Enterprises';
    process.env.AUDIT_TABLE = 'Audit';
    ({ handler } = (await import('../../functions/payout/handler.ts')) as unknown as {
      handler: typeof handler;
    });
  });
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(UpdateCommand).resolves({});
    // Screening finds nothing: no blacklist entry, no other payment, an enterprise unknown to the registry.
    dynamo.on(QueryCommand).resolves({ Items: [] });
  });

  it('screens, tries to reserve, and records the order once as failed when the pool is not funded', async () => {
    // Prepare: nothing stored; the reservation is refused on the pool account, which does not exist.
    stored([]);
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    dynamo.on(TransactWriteCommand).callsFake((input) => {
      if (String(input.TransactItems?.[0]?.Put?.Item?.pk).startsWith('TRANSFER#'))
        throw cancelled(['None', 'ConditionalCheckFailed', 'None']);
      return {};
    });
    // Act
    const result = await handler({ Records: [record('m1', order('case-c1'))] }, context);
    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const written = dynamo
      .commandCalls(TransactWriteCommand)
      .flatMap((call) => call.args[0].input.TransactItems ?? []);
    const reservation = written.find((item) => item.Put?.Item?.pk === 'TRANSFER#reserve:case-c1')?.Put;
    expect(reservation?.Item).toMatchObject({ flag: 'pending', amountFen: 450000 });
    const payment = written
      .filter((item) => item.Put?.Item?.pk === 'PAYMENT#case-c1')
      .map((item) => item.Put);
    expect(payment).toHaveLength(1);
    expect(payment[0]?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(payment[0]?.Item).toMatchObject({ status: 'failed', reason: '资金池尚未拨付', warnings: [] });
  });

  it('treats a repeated order for a finished payment as done, not as a failure and not as a second payment', async () => {
    // Prepare: the payment is recorded as paid; its case has moved on already.
    stored([
      {
        pk: 'PAYMENT#case-c1',
        sk: 'PAYMENT',
        ...JSON.parse(`{"status":"paid","warnings":[],${order('case-c1').slice(1)}`),
      },
    ]);
    dynamo
      .on(GetCommand, { Key: { pk: 'CASE#c1', sk: 'CASE' } })
      .resolves({ Item: { id: 'c1', status: 'paid', timeline: [] } });
    // Act
    const result = await handler({ Records: [record('m1', order('case-c1'))] }, context);
    // Assess: no reservation, no bank, no new record.
    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('fails only the malformed message of a batch, so the others are not retried', async () => {
    stored([
      {
        pk: 'PAYMENT#case-c2',
        sk: 'PAYMENT',
        ...JSON.parse(`{"status":"failed","warnings":[],${order('case-c2').slice(1)}`),
      },
    ]);
    const result = await handler(
      {
        Records: [
          record('good', order('case-c2')),
          record('bad', '{"paymentId":1}'),
          record('junk', 'not json'),
        ],
      },
      context,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }, { itemIdentifier: 'junk' }]);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('fails the invocation when every order fails (DynamoDB down), so SQS redelivers the whole batch', async () => {
    dynamo.on(BatchGetCommand).rejects(new Error('ServiceUnavailable'));
    await expect(handler({ Records: [record('m1', order('case-c3'))] }, context)).rejects.toThrow(
      /All records failed/,
    );
  });
});
