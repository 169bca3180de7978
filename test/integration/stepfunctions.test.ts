// Runs real ASL on the local Step Functions service and drives it through @aws-sdk/client-sfn over HTTP.
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createStepFunctions,
  type LocalStepFunctions,
  startStepFunctionsEndpoint,
} from '../../infra/local/stepfunctions.ts';
import { LambdaError, type StateMachineSpec, type Stoppable } from '../../infra/local/types.ts';

const ACCOUNT = '123456789012';
const APPROVAL_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Approval`;
const EDGES_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Edges`;
const CN_ARN = `arn:aws-cn:states:cn-north-1:${ACCOUNT}:stateMachine:CnMachine`;
const QUEUE_URL = 'http://127.0.0.1:9324/000000000000/approved';

// Choice → lambda:invoke → waitForTaskToken (may loop back) → sqs:sendMessage, plus a Catch on a custom Lambda error.
const approvalDefinition = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.mode', StringEquals: 'explode', Next: 'CallFailing' }],
      Default: 'Prepare',
    },
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'prepare', 'Payload.$': '$' },
      ResultSelector: { 'value.$': '$.Payload.value', 'status.$': '$.StatusCode' },
      ResultPath: '$.prepared',
      Next: 'AwaitApproval',
    },
    AwaitApproval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: 'notify',
        Payload: { 'token.$': '$$.Task.Token', 'executionId.$': '$$.Execution.Id', 'mode.$': '$.mode' },
      },
      TimeoutSeconds: 99999999,
      ResultPath: '$.approval',
      Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.rejection', Next: 'Rejected' }],
      Next: 'CheckApproval',
    },
    CheckApproval: {
      Type: 'Choice',
      Choices: [{ Variable: '$.approval.decision', StringEquals: 'again', Next: 'AwaitApproval' }],
      Default: 'Announce',
    },
    Announce: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { QueueUrl: QUEUE_URL, 'MessageBody.$': '$.approval' },
      ResultSelector: { 'messageId.$': '$.MessageId', 'md5.$': '$.MD5OfMessageBody' },
      ResultPath: '$.sent',
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Rejected: { Type: 'Pass', End: true },
    CallFailing: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'explode', 'Payload.$': '$' },
      Catch: [{ ErrorEquals: ['MyError'], ResultPath: '$.error', Next: 'Recovered' }],
      End: true,
    },
    Recovered: { Type: 'Pass', End: true },
  },
};

// Behaviours the happy path never meets: an unsupported service and a heartbeat that never comes.
const edgesDefinition = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.mode', StringEquals: 'heartbeat', Next: 'AwaitHeartbeat' }],
      Default: 'PutItem',
    },
    PutItem: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 't', Item: {} },
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
      End: true,
    },
    Caught: { Type: 'Pass', End: true },
    AwaitHeartbeat: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'mode.$': '$.mode' } },
      HeartbeatSeconds: 1,
      End: true,
    },
  },
};

const cnDefinition = {
  StartAt: 'Invoke',
  States: {
    Invoke: {
      Type: 'Task',
      Resource: 'arn:aws-cn:states:::lambda:invoke',
      Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
      ResultPath: '$.optimized',
      Next: 'Direct',
    },
    Direct: {
      Type: 'Task',
      Resource: `arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:echo`,
      ResultPath: '$.direct',
      End: true,
    },
  },
};

interface InvokeCall {
  functionName: string;
  event: Record<string, unknown>;
}

const calls: InvokeCall[] = [];
const sent: { queueUrl: string; body: string }[] = [];

// The one seam: the runner wires real functions elsewhere; here each name has a fixed behaviour.
async function invoke(functionName: string, event: unknown): Promise<unknown> {
  calls.push({ functionName, event: event as Record<string, unknown> });
  switch (functionName) {
    case 'prepare':
      return { value: 42 };
    case 'notify':
      return undefined;
    case 'explode':
      throw new LambdaError('MyError', 'boom');
    default:
      return { echoed: functionName, at: new Date(0) };
  }
}

/** Turns a rejection into a value, so Act can record an expected failure and Assess can inspect it. */
function failed(error: unknown): unknown {
  return error;
}

function spec(name: string, arn: string, definition: Record<string, unknown>): StateMachineSpec {
  return { logicalId: name, name, arn, definition };
}

/** Tokens handed to `notify` for one execution, in order. */
function tokensFor(executionArn: string): string[] {
  return calls
    .filter((call) => call.functionName === 'notify' && call.event.executionId === executionArn)
    .map((call) => String(call.event.token));
}

async function nthToken(executionArn: string, n: number): Promise<string> {
  await vi.waitFor(() => expect(tokensFor(executionArn).length).toBeGreaterThanOrEqual(n));
  return tokensFor(executionArn)[n - 1] as string;
}

describe('local Step Functions', () => {
  let service: LocalStepFunctions;
  let cnService: LocalStepFunctions;
  let endpoint: Stoppable & { endpoint: string };
  let client: SFNClient;

  beforeAll(async () => {
    service = createStepFunctions({
      machines: [
        spec('Approval', APPROVAL_ARN, approvalDefinition),
        spec('Edges', EDGES_ARN, edgesDefinition),
      ],
      invoke,
      sendMessage: async (queueUrl, body) => {
        sent.push({ queueUrl, body });
      },
      region: 'us-east-1',
      accountId: ACCOUNT,
      partition: 'aws',
    });
    cnService = createStepFunctions({
      machines: [spec('CnMachine', CN_ARN, cnDefinition)],
      invoke,
      region: 'cn-north-1',
      accountId: ACCOUNT,
      partition: 'aws-cn',
    });
    endpoint = await startStepFunctionsEndpoint(service, { port: 0 });
    client = new SFNClient({
      endpoint: endpoint.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await endpoint?.stop();
    await service?.stop();
    await cnService?.stop();
  });

  it('runs through a task-token wait with a fresh token per entry, then sends to SQS', async () => {
    // Prepare
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: APPROVAL_ARN,
        input: JSON.stringify({ mode: 'approve' }),
      }),
    );
    const firstToken = await nthToken(executionArn as string, 1);

    // Act
    await client.send(
      new SendTaskSuccessCommand({ taskToken: firstToken, output: JSON.stringify({ decision: 'again' }) }),
    );
    const secondToken = await nthToken(executionArn as string, 2);
    await client.send(new SendTaskHeartbeatCommand({ taskToken: secondToken }));
    await client.send(
      new SendTaskSuccessCommand({ taskToken: secondToken, output: JSON.stringify({ decision: 'ok' }) }),
    );
    await service.waitForExecution(executionArn as string);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(secondToken).not.toBe(firstToken);
    expect(calls.find((call) => call.functionName === 'prepare')?.event).toEqual({ mode: 'approve' });
    expect(described).toMatchObject({
      executionArn,
      stateMachineArn: APPROVAL_ARN,
      status: 'SUCCEEDED',
      input: JSON.stringify({ mode: 'approve' }),
    });
    expect(executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:Approval:[0-9a-f-]{36}$/);
    expect(described.name).toBe(executionArn?.split(':').pop());
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? Infinity);
    const output = JSON.parse(described.output ?? 'null');
    expect(output.prepared).toEqual({ value: 42, status: 200 });
    expect(output.approval).toEqual({ decision: 'ok' });
    expect(output.sent.messageId).toEqual(expect.any(String));
    expect(output.sent.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(sent).toContainEqual({ queueUrl: QUEUE_URL, body: JSON.stringify({ decision: 'ok' }) });
  });

  it('refuses a task token that was already used', async () => {
    // Prepare
    const { executionArn } = await service.startExecution({
      stateMachineArn: APPROVAL_ARN,
      input: JSON.stringify({ mode: 'approve' }),
    });
    const token = await nthToken(executionArn, 1);
    await client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'ok' }) }),
    );

    // Act
    const again = await client
      .send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))
      .catch(failed);
    const unknown = await client
      .send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))
      .catch(failed);

    // Assess
    expect(again).toMatchObject({ name: 'TaskDoesNotExist' });
    expect(unknown).toMatchObject({ name: 'TaskDoesNotExist' });
    expect((await service.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('lets Catch handle a SendTaskFailure by its error name', async () => {
    // Prepare
    const { executionArn } = await service.startExecution({
      stateMachineArn: APPROVAL_ARN,
      input: JSON.stringify({ mode: 'approve' }),
    });
    const token = await nthToken(executionArn, 1);

    // Act
    await client.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'no budget' }),
    );
    const finished = await service.waitForExecution(executionArn);

    // Assess
    expect(finished.status).toBe('SUCCEEDED');
    expect(JSON.parse(finished.output ?? 'null').rejection).toEqual({
      Error: 'Rejected',
      Cause: 'no budget',
    });
  });

  it('lets Catch handle a custom Lambda error by its errorType', async () => {
    // Prepare
    const input = JSON.stringify({ mode: 'explode' });

    // Act
    const { executionArn } = await service.startExecution({ stateMachineArn: APPROVAL_ARN, input });
    const finished = await service.waitForExecution(executionArn);

    // Assess
    expect(finished.status).toBe('SUCCEEDED');
    const { error } = JSON.parse(finished.output ?? 'null');
    expect(error.Error).toBe('MyError');
    expect(JSON.parse(error.Cause)).toEqual({ errorMessage: 'boom', errorType: 'MyError' });
  });

  it('starts idempotently by name while running, refuses a different input, and stops', async () => {
    // Prepare
    const input = JSON.stringify({ mode: 'approve', order: 1 });
    const first = await client.send(
      new StartExecutionCommand({ stateMachineArn: APPROVAL_ARN, name: 'order-1', input }),
    );
    const token = await nthToken(first.executionArn as string, 1);

    // Act
    const second = await client.send(
      new StartExecutionCommand({ stateMachineArn: APPROVAL_ARN, name: 'order-1', input }),
    );
    const conflicting = await client
      .send(
        new StartExecutionCommand({ stateMachineArn: APPROVAL_ARN, name: 'order-1', input: '{"order":2}' }),
      )
      .catch(failed);
    const missing = await client
      .send(new StartExecutionCommand({ stateMachineArn: `${APPROVAL_ARN}Nope` }))
      .catch(failed);
    await client.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    const stopped = await client.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));

    // Assess
    expect(first.executionArn).toBe(`arn:aws:states:us-east-1:${ACCOUNT}:execution:Approval:order-1`);
    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate?.getTime()).toBe(first.startDate?.getTime());
    expect(tokensFor(first.executionArn as string)).toHaveLength(1);
    expect(conflicting).toMatchObject({ name: 'ExecutionAlreadyExists' });
    expect(missing).toMatchObject({ name: 'StateMachineDoesNotExist' });
    expect(stopped.status).toBe('ABORTED');
    await expect(service.sendTaskSuccess(token, '{}')).rejects.toMatchObject({ code: 'TaskDoesNotExist' });
  });

  it('keeps a waiting task alive when TimeoutSeconds exceeds what setTimeout can hold', async () => {
    // Prepare
    const { executionArn } = await service.startExecution({
      stateMachineArn: APPROVAL_ARN,
      input: JSON.stringify({ mode: 'approve' }),
    });
    const token = await nthToken(executionArn, 1);

    // Act
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiting = await service.describeExecution(executionArn);
    await service.sendTaskSuccess(token, JSON.stringify({ decision: 'ok' }));

    // Assess
    expect(waiting.status).toBe('RUNNING');
    expect((await service.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('fails an unsupported resource with States.Runtime, past a States.ALL catcher', async () => {
    // Act
    const { executionArn } = await service.startExecution({
      stateMachineArn: EDGES_ARN,
      input: '{"mode":"put"}',
    });
    const finished = await service.waitForExecution(executionArn);

    // Assess
    expect(finished.status).toBe('FAILED');
    expect(finished.error).toBe('States.Runtime');
    expect(finished.cause).toContain('arn:aws:states:::dynamodb:putItem');
  });

  it('fails a waiting task with States.HeartbeatTimeout when no heartbeat comes', async () => {
    // Act
    const { executionArn } = await service.startExecution({
      stateMachineArn: EDGES_ARN,
      input: '{"mode":"heartbeat"}',
    });
    const finished = await service.waitForExecution(executionArn, 5000);

    // Assess
    expect(finished.status).toBe('FAILED');
    expect(finished.error).toBe('States.HeartbeatTimeout');
  });

  it('runs aws-cn resources and names executions in the aws-cn partition', async () => {
    // Act
    const { executionArn } = await cnService.startExecution({ stateMachineArn: CN_ARN, input: '{"n":1}' });
    const finished = await cnService.waitForExecution(executionArn);

    // Assess
    expect(executionArn).toMatch(/^arn:aws-cn:states:cn-north-1:123456789012:execution:CnMachine:/);
    expect(finished.status).toBe('SUCCEEDED');
    expect(JSON.parse(finished.output ?? 'null')).toEqual({
      n: 1,
      optimized: {
        ExecutedVersion: '$LATEST',
        Payload: { echoed: 'echo', at: '1970-01-01T00:00:00.000Z' },
        StatusCode: 200,
      },
      direct: {
        echoed: `arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:echo`,
        at: '1970-01-01T00:00:00.000Z',
      },
    });
  });

  it('refuses a JSONata machine when the service is created', () => {
    // Prepare
    const jsonata = spec('Jsonata', `${APPROVAL_ARN}Jsonata`, {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });

    // Act
    const create = () =>
      createStepFunctions({
        machines: [jsonata],
        invoke,
        region: 'us-east-1',
        accountId: ACCOUNT,
        partition: 'aws',
      });

    // Assess
    expect(create).toThrow(/JSONata/);
  });
});
