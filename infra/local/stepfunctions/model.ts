// Shapes of the local Step Functions engine: executions, their history, the service it offers and its errors.
import type { RunOptions, StateMachine } from 'aws-local-stepfunctions';
import type { InvokeFunction, StateMachineSpec, Stoppable } from '../types.ts';

// The library does not export its JSON and handler types; derive them so handlers stay checked.
export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
export type TaskHandler = TaskHandlers[string];
export type JsonValue = Parameters<TaskHandler>[0];
export type RunContext = NonNullable<RunOptions['context']>;
export type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  redriveCount?: number;
  redriveDate?: Date;
}

export type ExecutionListItem = Pick<
  ExecutionDescription,
  | 'executionArn'
  | 'stateMachineArn'
  | 'name'
  | 'status'
  | 'startDate'
  | 'stopDate'
  | 'redriveCount'
  | 'redriveDate'
>;

/** One entry of GetExecutionHistory, in AWS's shape: `type` names which `…EventDetails` field it carries. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Epoch milliseconds; the JSON protocol turns it into epoch seconds. */
  timestamp: number;
  type: string;
  [details: `${string}EventDetails`]: Record<string, unknown> | undefined;
}

export interface Page {
  maxResults?: number;
  nextToken?: string;
}

export interface LocalStepFunctions extends Stoppable {
  startExecution(request: {
    stateMachineArn: string;
    name?: string;
    input?: string;
  }): Promise<{ executionArn: string; startDate: Date }>;
  describeExecution(executionArn: string): Promise<ExecutionDescription>;
  listExecutions(
    request: { stateMachineArn: string; statusFilter?: ExecutionStatus } & Page,
  ): Promise<{ executions: ExecutionListItem[]; nextToken?: string }>;
  getExecutionHistory(
    request: { executionArn: string; reverseOrder?: boolean; includeExecutionData?: boolean } & Page,
  ): Promise<{ events: HistoryEvent[]; nextToken?: string }>;
  sendTaskSuccess(taskToken: string, output: string): Promise<void>;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): Promise<void>;
  sendTaskHeartbeat(taskToken: string): Promise<void>;
  stopExecution(executionArn: string, error?: string, cause?: string): Promise<{ stopDate: Date }>;
  /** Runs a FAILED, TIMED_OUT or ABORTED execution again from the state that stopped it, with that state's input. */
  redriveExecution(executionArn: string): Promise<{ redriveDate: Date }>;
  /**
   * Resumes the executions the journal held as RUNNING when the engine was created (once; later calls do nothing).
   * Separate from creation because a resumed state may invoke a function at once, so the functions must run first.
   */
  resumeExecutions(): number;
  /**
   * Test clock: moves the engine's time forward, so a callback task whose TimeoutSeconds or a Wait state whose
   * deadline would have passed by then ends now (a timeout raises States.Timeout, which a Catch sees as on AWS).
   * Lambda code keeps reading the real time. The offset is journaled, so it outlives a restart.
   */
  advanceClock(ms: number): void;
  /** States entered since start, across all executions: what a steps-per-second figure counts. */
  statesEntered(): number;
  /** Resolves once the execution has left RUNNING; rejects after timeoutMs (default 30 s). */
  waitForExecution(executionArn: string, timeoutMs?: number): Promise<ExecutionDescription>;
  handleJsonProtocol(target: string, body: unknown): Promise<{ status: number; body: unknown }>;
}

export interface StepFunctionsOptions {
  machines: StateMachineSpec[];
  invoke: InvokeFunction;
  sendMessage?: (queueUrl: string, body: string) => Promise<void>;
  region: string;
  accountId: string;
  partition: string;
  logger?: (line: string) => void;
  /** Where executions are journaled so they survive a restart; without it they live in memory only. */
  journalDir?: string;
  /** Leave RUNNING executions found in the journal until resumeExecutions() is called (the platform's choice). */
  deferResume?: boolean;
}

/** An API-level failure; `code` is the SFN error code the JSON protocol reports as __type. */
export class StepFunctionsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * A failure inside a state, named so the library's Retry/Catch match it by `name`; the library reports
 * `message` as the Cause. `catchable` false mirrors States.Runtime, which no Retry or Catch may handle.
 */
export class StateFailure extends Error {
  constructor(
    name: string,
    cause: string,
    private readonly catchable = true,
  ) {
    super(cause);
    this.name = name;
  }
  get isRetryable(): boolean {
    return this.catchable;
  }
  get isCatchable(): boolean {
    return this.catchable;
  }
}

export function stateRuntimeError(message: string): StateFailure {
  return new StateFailure('States.Runtime', message, false);
}

// setTimeout overflows past 2^31-1 ms (~24.8 days) and then fires almost at once, which would turn "wait a year"
// into "time out now"; 2,000,000 s (~23 days) is below that limit and, for a local run, the same as forever.
export const MAX_TIMER_SECONDS = 2_000_000;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The part of an ARN after its last colon: a machine's or an execution's name. */
export function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}
