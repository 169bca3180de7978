// Executions on the local engine: started, journaled, resumed after a restart, stopped, redriven and described.
import { randomUUID } from 'node:crypto';
import { createCallbacks, type ParkedTask } from './callbacks.ts';
import { type LocalMachine, prepareMachine } from './definition.ts';
import { dataDetails, historyRecord } from './history.ts';
import { fileJournal, memoryJournal } from './journal.ts';
import {
  type ExecutionDescription,
  type ExecutionStatus,
  type JsonValue,
  type LocalStepFunctions,
  StateFailure,
  StepFunctionsError,
  type StepFunctionsOptions,
} from './model.ts';
import { handleJsonProtocol } from './protocol.ts';
import { queries } from './queries.ts';
import type { ExecutionSnapshot, JournalRecord, ParkedSnapshot } from './records.ts';
import { createRuns, type ExecutionRecord, type LiveRun, label } from './runs.ts';
import { createTaskRunner, isSupportedResource, type ResumePoint } from './tasks.ts';

const MAX_NAME_LENGTH = 80;
const REDRIVABLE: ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export function createStepFunctions(options: StepFunctionsOptions): LocalStepFunctions {
  const { region, accountId, partition } = options;
  const log = options.logger ?? (() => {});
  const journal = options.journalDir
    ? fileJournal(options.journalDir, (error) => log(`[sfn] journal: ${String(error)}`))
    : memoryJournal();
  const callbacks = createCallbacks(journal.clockOffset);
  const runner = createTaskRunner({ ...options, callbacks, journal, log });
  const machines = new Map<string, LocalMachine>();
  const executions = new Map<string, ExecutionRecord>();
  let stopped = false;
  const { startRun, finish, statesEntered } = createRuns({ journal, callbacks, tasks: runner, log });

  for (const spec of options.machines) {
    if (machines.has(spec.arn)) throw new Error(`State machine ${spec.arn} is declared twice`);
    const local = prepareMachine(spec);
    for (const [stateName, { Resource }] of local.tasks) {
      if (!isSupportedResource(Resource)) {
        log(
          `[sfn] ${spec.name}: state ${stateName} uses ${Resource}, which fails locally with States.Runtime`,
        );
      }
    }
    machines.set(spec.arn, local);
  }

  function getExecution(executionArn: string): ExecutionRecord {
    const record = executions.get(executionArn);
    if (!record) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution does not exist: '${executionArn}'`);
    }
    return record;
  }

  // Executions from before the restart: all describable at once, the running ones resumed when told (or now).
  const toResume: { record: ExecutionRecord; snapshot: ExecutionSnapshot }[] = [];
  for (const snapshot of journal.load()) {
    const local = machines.get(snapshot.description.stateMachineArn);
    const record: ExecutionRecord = {
      description: snapshot.description,
      ...(local ? { local } : {}),
      ...(snapshot.current ? { current: snapshot.current } : {}),
      lastEventId: snapshot.lastEventId,
      done: Promise.resolve(),
    };
    executions.set(snapshot.description.executionArn, record);
    if (snapshot.description.status !== 'RUNNING') continue;
    if (local) toResume.push({ record, snapshot });
    else log(`[sfn] ${label(record)} is RUNNING in the journal, but its machine is gone from the template`);
  }

  /** Parks a resumed callback's tokens at once; an answer or a timeout before its state runs again is kept. */
  function holdTokens(record: ExecutionRecord, parked: ParkedSnapshot): ParkedTask {
    const waiting: ParkedTask = {
      executionArn: record.description.executionArn,
      tokens: parked.tokens,
      ...(parked.deadline === undefined ? {} : { deadline: parked.deadline }),
      resolve: (value) => {
        parked.answer = { output: JSON.stringify(value) };
      },
      reject: (error) => {
        parked.answer = { error: error.name, cause: error.message };
      },
    };
    callbacks.park(waiting);
    return waiting;
  }

  function resumeExecutions(): number {
    if (stopped) return 0;
    const resuming = toResume.splice(0);
    for (const { record, snapshot } of resuming) {
      const local = record.local as LocalMachine;
      const { current, parked, waiting } = snapshot;
      if (!current) {
        startRun(record, local);
        log(`[sfn] ${label(record)} resumed from its start`);
        continue;
      }
      const point: ResumePoint = {
        state: current.state,
        ...(waiting?.state === current.state ? { waitDeadline: waiting.deadline } : {}),
      };
      if (parked?.state === current.state) {
        point.parked = parked;
        if (!parked.answer) point.waiting = holdTokens(record, parked);
      }
      startRun(record, local, current, point);
      log(`[sfn] ${label(record)} resumed at ${current.state}`);
    }
    return resuming.length;
  }

  async function startExecution(request: { stateMachineArn: string; name?: string; input?: string }) {
    const local = machines.get(request.stateMachineArn);
    if (!local) {
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    }
    const name = request.name ?? randomUUID();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH || /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name)) {
      throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    }
    const input = request.input ?? '{}';
    try {
      JSON.parse(input);
    } catch {
      throw new StepFunctionsError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: not JSON',
      );
    }
    const executionArn = `arn:${partition}:states:${region}:${accountId}:execution:${local.spec.name}:${name}`;
    const existing = executions.get(executionArn);
    if (existing) {
      // AWS answers a repeated start idempotently only while the first run is going and the input is identical.
      if (existing.description.status === 'RUNNING' && existing.description.input === input) {
        return { executionArn, startDate: existing.description.startDate };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const startDate = new Date();
    const record: ExecutionRecord = {
      description: {
        executionArn,
        stateMachineArn: local.spec.arn,
        name,
        status: 'RUNNING',
        input,
        startDate,
      },
      local,
      lastEventId: 0,
      done: Promise.resolve(),
    };
    executions.set(executionArn, record);
    await journal.commit(
      executionArn,
      {
        kind: 'started',
        executionArn,
        stateMachineArn: local.spec.arn,
        name,
        input,
        startDate: startDate.getTime(),
      },
      historyRecord(record, 'ExecutionStarted', {
        executionStartedEventDetails: dataDetails('input', JSON.parse(input)),
      }),
    );
    log(`[sfn] ${label(record)} started`);
    // Stopped while the start was being synced: the journal holds it, and the next engine runs it.
    if (!stopped) startRun(record, local);
    return { executionArn, startDate };
  }

  /**
   * Takes the task off its tokens at once, so an answer counts once, and journals the answer before the task hears
   * it, so an answer given is never lost; if the journal cannot take it, the task waits on as before.
   */
  async function answer(task: ParkedTask, record: JournalRecord): Promise<void> {
    callbacks.unpark(task);
    try {
      await journal.commit(task.executionArn, record);
    } catch (error) {
      callbacks.park(task);
      throw error;
    }
  }

  async function sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    const task = callbacks.find(taskToken);
    let value: JsonValue;
    try {
      value = JSON.parse(output) as JsonValue;
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: not JSON');
    }
    await answer(task, { kind: 'answered', output });
    task.resolve(value);
  }

  async function sendTaskFailure(taskToken: string, error?: string, cause?: string): Promise<void> {
    const task = callbacks.find(taskToken);
    await answer(task, {
      kind: 'answered',
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
    });
    task.reject(new StateFailure(error ?? 'States.TaskFailed', cause ?? ''));
  }

  async function stopExecution(executionArn: string, error?: string, cause?: string) {
    const record = getExecution(executionArn);
    if (record.description.status === 'RUNNING') {
      const recorded = finish(record, undefined, {
        status: 'ABORTED',
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      });
      record.run?.abort();
      await recorded;
    }
    return { stopDate: record.description.stopDate ?? new Date() };
  }

  async function redriveExecution(executionArn: string): Promise<{ redriveDate: Date }> {
    const record = getExecution(executionArn);
    const { status } = record.description;
    if (!REDRIVABLE.includes(status) || !record.local) {
      throw new StepFunctionsError(
        'ExecutionNotRedrivable',
        `Execution with arn '${executionArn}' cannot be redriven: it is ${status}`,
      );
    }
    const redriveDate = new Date();
    const redriveCount = (record.description.redriveCount ?? 0) + 1;
    const { output: _o, error: _e, cause: _c, stopDate: _s, ...kept } = record.description;
    record.description = { ...kept, status: 'RUNNING', redriveCount, redriveDate };
    journal.reopen(executionArn);
    await journal.commit(
      executionArn,
      historyRecord(record, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount } }),
      { kind: 'redriven', redriveDate: redriveDate.getTime(), redriveCount },
    );
    if (!stopped) startRun(record, record.local, record.current);
    log(`[sfn] ${label(record)} redriven${record.current ? ` at ${record.current.state}` : ''}`);
    return { redriveDate };
  }

  function advanceClock(ms: number): void {
    journal.saveClockOffset(callbacks.clockOffset() + ms);
    callbacks.advance(ms);
  }

  async function waitForExecution(executionArn: string, timeoutMs = 30_000): Promise<ExecutionDescription> {
    const record = getExecution(executionArn);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Execution ${executionArn} still RUNNING after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      // A redrive replaces the run while this waits; follow it.
      for (let done = record.done; ; done = record.done) {
        await Promise.race([done, timeout]);
        if (record.description.status !== 'RUNNING' || record.done === done) break;
      }
    } finally {
      clearTimeout(timer);
    }
    return { ...record.description };
  }

  /**
   * Halts every run without recording it: the journal keeps RUNNING executions RUNNING, exactly as a killed process
   * would leave them, so the next engine on the same journal resumes them.
   */
  async function stop(): Promise<void> {
    stopped = true;
    journal.close();
    const running = [...executions.values()].filter((record) => record.run && !record.run.halted);
    for (const record of running) {
      const run = record.run as LiveRun;
      run.halted = true;
      run.abort();
      callbacks.release(record.description.executionArn, 'The engine stopped');
    }
    await Promise.all(running.map((record) => record.done));
  }

  const service: LocalStepFunctions = {
    startExecution,
    describeExecution: async (executionArn) => ({ ...getExecution(executionArn).description }),
    ...queries({ machines, executions, journal, getExecution }),
    sendTaskSuccess,
    sendTaskFailure,
    sendTaskHeartbeat: async (taskToken) => callbacks.heartbeat(taskToken),
    stopExecution,
    redriveExecution,
    resumeExecutions,
    advanceClock,
    statesEntered,
    waitForExecution,
    stop,
    handleJsonProtocol: (target, body) => handleJsonProtocol(service, target, body),
  };
  if (!options.deferResume) resumeExecutions();
  return service;
}
