// Executions outlive the engine: a new engine on the same journal resumes them with their tokens and deadlines,
// answers Describe/List/GetExecutionHistory from the journal, and redrives a failed one from the state that failed.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LocalStepFunctions, startStepFunctionsEndpoint } from '../../infra/local/stepfunctions.ts';
import type { Stoppable } from '../../infra/local/types.ts';
import {
  APPROVAL_ARN,
  type ChainScript,
  chainEngine,
  chainScript,
  REMINDER_ARN,
} from '../support/stepfunctions-chain.ts';

const DAY_MS = 86_400_000;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/stepfunctions-child.ts');

describe('the Step Functions journal across a restart', () => {
  const stoppable: Stoppable[] = [];
  const directories: string[] = [];
  const children: ChildProcess[] = [];

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const part of stoppable.splice(0).reverse()) await part.stop();
    for (const dir of directories.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const journalDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'huiqi-sfn-journal-'));
    directories.push(dir);
    return dir;
  };
  const engineOn = (dir: string, script: ChainScript) => {
    const engine = chainEngine(dir, script);
    stoppable.push(engine);
    return engine;
  };
  const start = (engine: LocalStepFunctions, caseId: string) =>
    engine.startExecution({ stateMachineArn: APPROVAL_ARN, name: caseId, input: JSON.stringify({ caseId }) });
  const stepsOf = (script: ChainScript, caseId: string) =>
    script.calls.filter((call) => call.caseId === caseId).map((call) => call.step);
  const tokenOf = (script: ChainScript, caseId: string, step: string, nth = 1) =>
    vi.waitFor(() => {
      const calls = script.calls.filter((call) => call.caseId === caseId && call.step === step);
      expect(calls.length).toBeGreaterThanOrEqual(nth);
      return String(calls[nth - 1]?.payload.taskToken);
    });
  const settled = () => new Promise((resolve) => setTimeout(resolve, 50));
  const client = async (engine: LocalStepFunctions) => {
    const endpoint = await startStepFunctionsEndpoint(engine);
    stoppable.push(endpoint);
    const sfn = new SFNClient({
      endpoint: endpoint.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stoppable.push({ stop: async () => sfn.destroy() });
    return sfn;
  };

  it('resumes a parked callback: the old token is answered and the execution succeeds', async () => {
    // Prepare
    const dir = journalDir();
    const before = chainScript();
    const first = engineOn(dir, before);
    const { executionArn } = await start(first, 'case-parked');
    const token = await tokenOf(before, 'case-parked', 'openTask');
    await first.stop();

    // Act
    const after = chainScript();
    const second = engineOn(dir, after);
    const resumed = await second.describeExecution(executionArn);
    const sfn = await client(second);
    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: token,
        output: JSON.stringify({ outcome: 'approve', amountFen: 100_000 }),
      }),
    );
    const finished = await second.waitForExecution(executionArn);

    // Assess
    expect(resumed.status).toBe('RUNNING');
    expect(finished.status).toBe('SUCCEEDED');
    expect(JSON.parse(finished.output ?? 'null').payoutOrder.result).toEqual({
      orderId: 'order-case-parked',
    });
    // Parked again, not asked again: the department's task from before the restart is the one answered.
    expect(stepsOf(after, 'case-parked')).toEqual(['sendPayoutOrder']);
    await expect(second.redriveExecution(executionArn)).rejects.toMatchObject({
      code: 'ExecutionNotRedrivable',
    });
  });

  it('fires a callback deadline that straddles the restart at its original instant on the test clock', async () => {
    // Prepare: a return for correction, thirty days to resubmit, twenty-nine of them gone before the restart.
    const dir = journalDir();
    const before = chainScript();
    const first = engineOn(dir, before);
    const { executionArn } = await start(first, 'case-lapsing');
    await first.sendTaskSuccess(
      await tokenOf(before, 'case-lapsing', 'openTask'),
      JSON.stringify({ outcome: 'return', reason: '请补充纳税证明' }),
    );
    await tokenOf(before, 'case-lapsing', 'awaitCorrection');
    first.advanceClock(29 * DAY_MS);
    await first.stop();

    // Act
    const after = chainScript();
    const second = engineOn(dir, after);
    second.advanceClock(DAY_MS / 2);
    await settled();
    const halfADayShort = await second.describeExecution(executionArn);
    second.advanceClock(DAY_MS);
    const finished = await second.waitForExecution(executionArn);
    const { events } = await second.getExecutionHistory({ executionArn, maxResults: 1000 });

    // Assess
    expect(halfADayShort.status).toBe('RUNNING');
    expect(finished.status).toBe('SUCCEEDED');
    expect(stepsOf(after, 'case-lapsing')).toEqual(['withdraw']);
    expect(events.map((event) => event.type)).toContain('TaskTimedOut');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'SucceedStateEntered',
        stateEnteredEventDetails: expect.objectContaining({ name: 'Withdrawn' }),
      }),
    );
  });

  it('re-runs the state an execution was in when the engine went down between states', async () => {
    // Prepare: routing never answers before the stop.
    const dir = journalDir();
    const before = chainScript();
    before.hangRoute.add('case-routing');
    const first = engineOn(dir, before);
    const { executionArn } = await start(first, 'case-routing');
    await vi.waitFor(() => expect(stepsOf(before, 'case-routing')).toEqual(['route']));
    await first.stop();

    // Act
    const after = chainScript();
    const second = engineOn(dir, after);
    const token = await tokenOf(after, 'case-routing', 'openTask');
    await second.sendTaskSuccess(token, JSON.stringify({ outcome: 'approve' }));
    const finished = await second.waitForExecution(executionArn);

    // Assess
    expect(stepsOf(after, 'case-routing')).toEqual([
      'route',
      'checkEligibility',
      'jointReview',
      'openTask',
      'sendPayoutOrder',
    ]);
    expect(finished.status).toBe('SUCCEEDED');
  });

  it('keeps a Wait state deadline across the restart', async () => {
    // Prepare: an hour's wait, half of it gone before the restart.
    const dir = journalDir();
    const first = engineOn(dir, chainScript());
    const input = JSON.stringify({ seconds: 3600, caseId: 'case-reminder' });
    const { executionArn } = await first.startExecution({ stateMachineArn: REMINDER_ARN, input });
    await vi.waitFor(async () => {
      const { events } = await first.getExecutionHistory({ executionArn });
      expect(events.map((event) => event.type)).toContain('WaitStateEntered');
    });
    await settled();
    first.advanceClock(1800_000);
    await first.stop();

    // Act
    const second = engineOn(dir, chainScript());
    second.advanceClock(1790_000);
    await settled();
    const tenSecondsShort = await second.describeExecution(executionArn);
    second.advanceClock(20_000);
    const finished = await second.waitForExecution(executionArn);

    // Assess
    expect(tenSecondsShort.status).toBe('RUNNING');
    expect(finished.status).toBe('SUCCEEDED');
    expect(finished.output).toBe(input);
  });

  it('answers Describe, List and GetExecutionHistory from the journal', async () => {
    // Prepare: one execution succeeded, one waits, one was stopped, all before the restart.
    const dir = journalDir();
    const before = chainScript();
    const first = engineOn(dir, before);
    const succeeded = await start(first, 'case-paid');
    await first.sendTaskSuccess(await tokenOf(before, 'case-paid', 'openTask'), '{"outcome":"approve"}');
    await first.waitForExecution(succeeded.executionArn);
    const waiting = await start(first, 'case-waiting');
    await tokenOf(before, 'case-waiting', 'openTask');
    const stopped = await start(first, 'case-stopped');
    await tokenOf(before, 'case-stopped', 'openTask');
    await first.stopExecution(stopped.executionArn, 'Withdrawn', 'the enterprise withdrew');
    await first.stop();

    // Act
    const sfn = await client(engineOn(dir, chainScript()));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: succeeded.executionArn }));
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: APPROVAL_ARN }));
    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: APPROVAL_ARN, statusFilter: 'RUNNING' }),
    );
    const firstPage = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: APPROVAL_ARN, maxResults: 2 }),
    );
    const secondPage = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: APPROVAL_ARN,
        maxResults: 2,
        nextToken: firstPage.nextToken,
      }),
    );
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: succeeded.executionArn }));
    const latest = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: stopped.executionArn,
        reverseOrder: true,
        maxResults: 1,
      }),
    );

    // Assess
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      name: 'case-paid',
      redriveStatus: 'NOT_REDRIVABLE',
    });
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.output ?? 'null').decision).toEqual({ outcome: 'approve' });
    expect(all.executions?.map((execution) => [execution.name, execution.status]).sort()).toEqual([
      ['case-paid', 'SUCCEEDED'],
      ['case-stopped', 'ABORTED'],
      ['case-waiting', 'RUNNING'],
    ]);
    expect(running.executions?.map((execution) => execution.executionArn)).toEqual([waiting.executionArn]);
    expect(firstPage.executions).toHaveLength(2);
    expect(secondPage.executions).toHaveLength(1);
    expect(secondPage.nextToken).toBeUndefined();
    const events = history.events ?? [];
    expect(events[0]).toMatchObject({ type: 'ExecutionStarted', id: 1, previousEventId: 0 });
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'TaskStateEntered',
        stateEnteredEventDetails: expect.objectContaining({ name: 'DepartmentDecision' }),
      }),
    );
    expect(latest.events).toEqual([
      expect.objectContaining({
        type: 'ExecutionAborted',
        executionAbortedEventDetails: { error: 'Withdrawn', cause: 'the enterprise withdrew' },
      }),
    ]);
  });

  it('redrives a failed execution from the state that failed, with that state input', async () => {
    // Prepare: the payout order is refused, the execution fails, the engine restarts.
    const dir = journalDir();
    const before = chainScript();
    before.refusePayout.add('case-refused');
    const first = engineOn(dir, before);
    const { executionArn } = await start(first, 'case-refused');
    await first.sendTaskSuccess(await tokenOf(before, 'case-refused', 'openTask'), '{"outcome":"approve"}');
    const failed = await first.waitForExecution(executionArn);
    await first.stop();

    // Act
    const after = chainScript();
    const sfn = await client(engineOn(dir, after));
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    const finished = await vi.waitFor(async () => {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.status).toBe('SUCCEEDED');
      return described;
    });
    const again = await sfn
      .send(new RedriveExecutionCommand({ executionArn }))
      .catch((error: unknown) => error);

    // Assess
    expect(failed).toMatchObject({ status: 'FAILED', error: 'PayoutRefused' });
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    expect(after.calls.map((call) => call.step)).toEqual(['sendPayoutOrder']);
    expect(after.calls[0]?.payload).toEqual(
      before.calls.find((call) => call.step === 'sendPayoutOrder')?.payload,
    );
    expect(finished).toMatchObject({ redriveCount: 1 });
    expect(JSON.parse(finished.output ?? 'null').payoutOrder.result).toEqual({
      orderId: 'order-case-refused',
    });
    expect(again).toMatchObject({ name: 'ExecutionNotRedrivable' });
  });

  it('keeps an answer given just before the engine went down, and reads past a torn last line', async () => {
    // Prepare: the decision arrives and the engine goes down before the chain moves on; the kill tore a line.
    const dir = journalDir();
    const before = chainScript();
    const first = engineOn(dir, before);
    const { executionArn } = await start(first, 'case-answered');
    const token = await tokenOf(before, 'case-answered', 'openTask');
    await first.sendTaskSuccess(token, '{"outcome":"approve"}');
    await first.stop();
    const [file] = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
    appendFileSync(path.join(dir, file as string), '{"kind":"history","event":{"id":99,"ty');

    // Act
    const after = chainScript();
    const second = engineOn(dir, after);
    const finished = await second.waitForExecution(executionArn);
    const { events } = await second.getExecutionHistory({ executionArn, maxResults: 1000 });

    // Assess
    expect(finished.status).toBe('SUCCEEDED');
    expect(stepsOf(after, 'case-answered')).toEqual(['sendPayoutOrder']);
    expect(stepsOf(before, 'case-answered')).not.toContain('sendPayoutOrder');
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  });

  it('resumes after a SIGKILL of the process that ran the engine', async () => {
    // Prepare
    const dir = journalDir();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, 'case-killed'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const token = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the engine process exited (${code}) before parking`)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        if (line.startsWith('TOKEN ')) resolve(line.slice('TOKEN '.length));
      });
    });

    // Act
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const after = chainScript();
    const second = engineOn(dir, after);
    const executionArn = `${APPROVAL_ARN.replace(':stateMachine:', ':execution:')}:case-killed`;
    await second.sendTaskSuccess(token, '{"outcome":"approve"}');
    const finished = await second.waitForExecution(executionArn);

    // Assess
    expect(finished.status).toBe('SUCCEEDED');
    expect(stepsOf(after, 'case-killed')).toEqual(['sendPayoutOrder']);
  }, 30_000);
});
