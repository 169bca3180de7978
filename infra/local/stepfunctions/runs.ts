// One run of the library for an execution: its handlers, its events journaled, its outcome recorded.
import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import type { Callbacks } from './callbacks.ts';
import { type LocalMachine, RESUME_STATE } from './definition.ts';
import { closingRecord, dataDetails, historyRecord, resourceDetails } from './history.ts';
import type { Journal } from './journal.ts';
import {
  type EventLog,
  type ExecutionDescription,
  type ExecutionStatus,
  type JsonValue,
  lastSegment,
  type RunContext,
  stateRuntimeError,
  type TaskHandlers,
} from './model.ts';
import type { ExecutionSnapshot } from './records.ts';
import type { createTaskRunner, ResumePoint, Run } from './tasks.ts';

export interface LiveRun extends Run {
  abort: () => void;
  /** Set when the engine stops or a newer run replaces this one: nothing this run does is recorded any more. */
  halted: boolean;
  /** The state a resumed run enters first, whose entry the journal already holds. */
  reentering?: string;
}

export interface ExecutionRecord {
  description: ExecutionDescription;
  /** Undefined when the journal holds an execution of a machine the template no longer has. */
  local?: LocalMachine;
  /** The top-level state last entered and its input: where a resume or a redrive runs from. */
  current?: { state: string; input: JsonValue };
  lastEventId: number;
  run?: LiveRun;
  /** Settles when the run going now has ended. */
  done: Promise<void>;
}

export type Outcome = Partial<ExecutionDescription> & { status: Exclude<ExecutionStatus, 'RUNNING'> };

export const label = (record: ExecutionRecord) =>
  `${lastSegment(record.description.stateMachineArn)}/${record.description.name}`;

const live = (record: ExecutionRecord, run: LiveRun) =>
  record.run === run && !run.halted && record.description.status === 'RUNNING';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface RunsOptions {
  journal: Journal;
  callbacks: Callbacks;
  tasks: ReturnType<typeof createTaskRunner>;
  log: (line: string) => void;
}

export function createRuns({ journal, callbacks, tasks: runner, log }: RunsOptions) {
  let entered = 0;

  /**
   * The library calls a handler in the same turn as it logs the state's entry, which is read a few microtasks later;
   * a turn of the event loop lets that entry reach the journal before the handler acts on anything.
   */
  async function caughtUp(record: ExecutionRecord): Promise<void> {
    await nextTurn();
    journal.flush(record.description.executionArn);
  }

  // The library calls a handler without saying which execution it serves, so each run gets its own set.
  function handlersFor(record: ExecutionRecord, local: LocalMachine, run: LiveRun): TaskHandlers {
    const handlers: TaskHandlers = {};
    const guarded =
      (work: (input: JsonValue) => Promise<JsonValue>) =>
      async (input: JsonValue): Promise<JsonValue> => {
        // A retry or a Catch can re-enter a task after StopExecution; nothing may run once the run is over.
        if (!live(record, run)) throw stateRuntimeError('Execution is no longer running');
        await caughtUp(record);
        if (!live(record, run)) throw stateRuntimeError('Execution is no longer running');
        return work(input);
      };
    for (const [stateName, task] of local.tasks) {
      handlers[stateName] = guarded((input) => {
        const result = runner.runTask(run, stateName, task, input);
        run.minted.clear();
        return result;
      });
    }
    for (const stateName of local.waits) {
      handlers[stateName] = guarded((input) => runner.runWait(run, stateName, input));
    }
    return handlers;
  }

  /** Records what the library reports, for the top-level states only (nested ones re-run with their state). */
  async function drainEvents(record: ExecutionRecord, run: LiveRun, events: AsyncGenerator<EventLog>) {
    const { executionArn } = record.description;
    let branchesOpen = 0;
    for await (const event of events) {
      if (event.type === 'ParallelBranchStarted') branchesOpen++;
      if (event.type === 'ParallelBranchSucceeded' || event.type === 'ParallelBranchFailed') branchesOpen--;
      if (!('state' in event) || event.index !== undefined || branchesOpen > 0) continue;
      if (!live(record, run) || event.state.name === RESUME_STATE) continue;
      const { name, input, output } = event.state;
      const type = record.local?.stateTypes.get(name) ?? event.state.type;
      switch (event.type) {
        case 'StateEntered':
          if (run.reentering !== undefined) {
            const reentered = run.reentering === name;
            run.reentering = undefined;
            // The journal holds this entry already, with what it waits on; a second one would forget that.
            if (reentered) break;
          }
          entered++;
          record.current = { state: name, input };
          journal.append(
            executionArn,
            historyRecord(
              record,
              `${type}StateEntered`,
              {
                stateEnteredEventDetails: { name, ...dataDetails('input', input) },
              },
              event.timestamp,
            ),
          );
          break;
        case 'StateExited':
          journal.append(
            executionArn,
            historyRecord(
              record,
              `${type}StateExited`,
              {
                stateExitedEventDetails: { name, ...dataDetails('output', output) },
              },
              event.timestamp,
            ),
          );
          break;
        case 'StateFailed': {
          const cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? '');
          log(`[sfn] ${label(record)} StateFailed ${name} ${event.Error}`);
          const task = record.local?.tasks.get(name);
          if (task) {
            const timedOut = event.Error === 'States.Timeout';
            journal.append(
              executionArn,
              historyRecord(
                record,
                timedOut ? 'TaskTimedOut' : 'TaskFailed',
                {
                  [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: {
                    ...resourceDetails(task.Resource),
                    error: event.Error,
                    cause,
                  },
                },
                event.timestamp,
              ),
            );
          }
          break;
        }
        case 'StateRetried':
        case 'StateCaught':
          log(`[sfn] ${label(record)} ${event.type} ${name}`);
          break;
      }
    }
  }

  function snapshotOf(record: ExecutionRecord): ExecutionSnapshot {
    return {
      description: record.description,
      ...(record.current ? { current: record.current } : {}),
      lastEventId: record.lastEventId,
    };
  }

  /** Journals the outcome, then releases what the run still waits on: the journal is always ahead of the engine. */
  function finish(record: ExecutionRecord, run: LiveRun | undefined, outcome: Outcome): Promise<void> {
    if (run && !live(record, run)) return Promise.resolve();
    if (record.description.status !== 'RUNNING') return Promise.resolve();
    const { executionArn } = record.description;
    const stopDate = new Date();
    Object.assign(record.description, outcome, { stopDate });
    const { status, output, error, cause } = outcome;
    const recorded = journal.commit(executionArn, closingRecord(record, outcome), {
      kind: 'finished',
      status,
      ...(output === undefined ? {} : { output }),
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
      stopDate: stopDate.getTime(),
    });
    journal.summarize(snapshotOf(record));
    callbacks.release(executionArn, `Execution ${status.toLowerCase()}`);
    record.run?.minted.clear();
    log(`[sfn] ${label(record)} ${status}${error ? ` ${error}: ${cause ?? ''}` : ''}`);
    return recorded;
  }

  async function settle(record: ExecutionRecord, run: LiveRun, result: Promise<JsonValue>): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = { status: 'SUCCEEDED', output: JSON.stringify((await result) ?? null) };
    } catch (error) {
      if (error instanceof ExecutionAbortedError) outcome = { status: 'ABORTED' };
      else if (error instanceof ExecutionTimeoutError) {
        outcome = { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'Execution timed out' };
      } else {
        const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
        outcome = {
          status: 'FAILED',
          error: failure instanceof Error ? failure.name : 'States.Runtime',
          cause: failure instanceof Error ? failure.message : String(failure),
        };
      }
    }
    // The last states' events are still on their way to the journal; the outcome must follow them.
    await nextTurn();
    await finish(record, run, outcome);
  }

  /** Runs the machine for an execution: from its start, or from a journaled state with that state's input. */
  function startRun(
    record: ExecutionRecord,
    local: LocalMachine,
    from?: { state: string; input: JsonValue },
    point?: ResumePoint,
  ) {
    const { executionArn, name, input, startDate } = record.description;
    if (record.run) record.run.halted = true;
    const run: LiveRun = {
      executionArn,
      minted: new Set(),
      resumeTokens: [...(point?.parked?.tokens ?? [])],
      ...(point ? { resume: point, reentering: point.state } : {}),
      abort: () => {},
      halted: false,
    };
    record.run = run;
    // $$.Task.Token is read while the library evaluates a state's Parameters, so a getter yields one token per read
    // (a resumed callback's own first, then fresh ones); the Task handler claims those that ended up in its input.
    const task = {
      get Token(): string {
        const token = run.resumeTokens.shift() ?? `${randomUUID()}${randomUUID()}`.replaceAll('-', '');
        run.minted.add(token);
        return token;
      },
    };
    const executionInput = JSON.parse(input) as JsonValue;
    const context: RunContext = {
      Execution: { Id: executionArn, Name: name, Input: executionInput, StartTime: startDate.toISOString() },
      StateMachine: { Id: local.spec.arn, Name: local.spec.name },
      Task: task,
    };
    const handlers = handlersFor(record, local, run);
    if (from) handlers[RESUME_STATE] = () => structuredClone(from.input);
    const machine = from ? local.resumableAt(from.state) : local.machine;
    // The first states run synchronously inside run(), so the record must be registered before this call.
    const execution = machine.run(executionInput, {
      overrides: { taskResourceLocalHandlers: handlers },
      context,
    });
    run.abort = execution.abort;
    record.done = settle(record, run, execution.result);
    void drainEvents(record, run, execution.eventLogs);
  }

  return { startRun, finish, statesEntered: () => entered };
}
