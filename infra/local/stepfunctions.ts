// Local Step Functions: runs the template's state machines on aws-local-stepfunctions and speaks the SFN JSON protocol.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { type InvokeFunction, LambdaError, type StateMachineSpec, type Stoppable } from './types.ts';

// The library does not export its JSON and handler types; derive them so handlers stay checked.
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type TaskHandler = TaskHandlers[string];
type JsonValue = Parameters<TaskHandler>[0];
type RunContext = NonNullable<RunOptions['context']>;

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
}

export interface LocalStepFunctions extends Stoppable {
  startExecution(request: {
    stateMachineArn: string;
    name?: string;
    input?: string;
  }): Promise<{ executionArn: string; startDate: Date }>;
  describeExecution(executionArn: string): Promise<ExecutionDescription>;
  sendTaskSuccess(taskToken: string, output: string): Promise<void>;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): Promise<void>;
  sendTaskHeartbeat(taskToken: string): Promise<void>;
  stopExecution(executionArn: string, error?: string, cause?: string): Promise<{ stopDate: Date }>;
  /**
   * Test clock: moves the engine's time forward, so a callback task whose TimeoutSeconds would have passed by then
   * times out now (States.Timeout, which a Catch sees as on AWS). Lambda code keeps reading the real time.
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
class StateFailure extends Error {
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

// setTimeout overflows past 2^31-1 ms (~24.8 days) and then fires almost at once, which would turn "wait a year"
// into "time out now"; 2,000,000 s (~23 days) is below that limit and, for a local run, the same as forever.
const MAX_TIMER_SECONDS = 2_000_000;
const MAX_NAME_LENGTH = 80;

interface ParkedTask {
  executionArn: string;
  tokens: string[];
  resolve: (value: JsonValue) => void;
  reject: (error: Error) => void;
  heartbeatMs?: number;
  heartbeatTimer?: NodeJS.Timeout;
  /** On the engine's clock, which the test clock can move forward. */
  deadline?: number;
  timeoutTimer?: NodeJS.Timeout;
}

interface ExecutionRecord {
  description: ExecutionDescription;
  /** Tokens read from $$.Task.Token since the last Task state claimed them. */
  minted: Set<string>;
  abort?: () => void;
  done: Promise<void>;
}

interface LocalMachine {
  spec: StateMachineSpec;
  machine: StateMachine;
  /** Every Task state, nested ones included, by name: each needs a local handler or the library calls real AWS. */
  tasks: Map<string, TaskDefinition>;
}

type TaskDefinition = Record<string, unknown> & {
  Resource: string;
  /** A callback task's own TimeoutSeconds, kept by this engine so the test clock can bring it forward. */
  callbackTimeoutSeconds?: number;
};

const CALLBACK = /\.waitForTaskToken$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clampSeconds(value: unknown): unknown {
  return typeof value === 'number' && value > MAX_TIMER_SECONDS ? MAX_TIMER_SECONDS : value;
}

/**
 * Copies a definition for the library: refuses JSONata, clamps timer values that would overflow setTimeout and gives
 * Task states without a timeout the clamp value, because the library defaults to 60 s whereas AWS has no task timeout.
 * Collects every Task state by name so each gets a local handler (an unhandled one would call real AWS Lambda).
 */
function prepareDefinition(
  machineName: string,
  source: Record<string, unknown>,
  tasks: Map<string, TaskDefinition>,
): Record<string, unknown> {
  if (source.QueryLanguage === 'JSONata') {
    throw new Error(
      `State machine ${machineName}: QueryLanguage JSONata is not supported by the local engine (aws-local-stepfunctions); use JSONPath`,
    );
  }
  const copy: Record<string, unknown> = { ...source };
  if ('TimeoutSeconds' in copy) copy.TimeoutSeconds = clampSeconds(copy.TimeoutSeconds);
  const states = isRecord(source.States) ? source.States : {};
  const copiedStates: Record<string, unknown> = {};
  for (const [stateName, rawState] of Object.entries(states)) {
    if (!isRecord(rawState)) {
      copiedStates[stateName] = rawState;
      continue;
    }
    if (rawState.QueryLanguage === 'JSONata') {
      throw new Error(
        `State machine ${machineName}: state ${stateName} uses QueryLanguage JSONata, which the local engine does not support`,
      );
    }
    const state: Record<string, unknown> = { ...rawState };
    if (state.Type === 'Task') {
      if (tasks.has(stateName)) {
        throw new Error(`State machine ${machineName}: state name ${stateName} is used more than once`);
      }
      const callbackTimeout =
        CALLBACK.test(String(state.Resource)) && typeof state.TimeoutSeconds === 'number'
          ? state.TimeoutSeconds
          : undefined;
      // A callback task's timeout is this engine's to raise (see waitForToken); the library only gets the clamp.
      if (
        callbackTimeout !== undefined ||
        (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined)
      ) {
        state.TimeoutSeconds = MAX_TIMER_SECONDS;
      }
      state.TimeoutSeconds = clampSeconds(state.TimeoutSeconds);
      if ('HeartbeatSeconds' in state) state.HeartbeatSeconds = clampSeconds(state.HeartbeatSeconds);
      tasks.set(stateName, {
        ...state,
        Resource: String(state.Resource),
        ...(callbackTimeout === undefined ? {} : { callbackTimeoutSeconds: callbackTimeout }),
      });
    }
    if (state.Type === 'Wait' && 'Seconds' in state) state.Seconds = clampSeconds(state.Seconds);
    if (Array.isArray(state.Branches)) {
      state.Branches = state.Branches.map((branch: unknown) =>
        isRecord(branch) ? prepareDefinition(machineName, branch, tasks) : branch,
      );
    }
    for (const key of ['ItemProcessor', 'Iterator'] as const) {
      const processor = state[key];
      if (isRecord(processor)) state[key] = prepareDefinition(machineName, processor, tasks);
    }
    copiedStates[stateName] = state;
  }
  copy.States = copiedStates;
  return copy;
}

/** Every string inside a JSON value, so a task token can be found wherever the Parameters put it. */
function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (isRecord(value)) for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

/** What a Lambda response looks like after crossing the wire: undefined becomes null, Dates become strings. */
function asWireJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

/** Maps an invoke rejection to the error name Retry/Catch see, with the Cause AWS reports for Lambda errors. */
function lambdaFailure(error: unknown): StateFailure {
  // Duck-typed too, in case the runner's LambdaError comes from another copy of types.ts.
  if (
    error instanceof LambdaError ||
    (error instanceof Error && typeof Reflect.get(error, 'errorType') === 'string')
  ) {
    const { errorType, errorMessage } = error as LambdaError;
    return new StateFailure(errorType, JSON.stringify({ errorMessage, errorType }));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StateFailure('Lambda.Unknown', message);
}

function stateRuntimeError(message: string): StateFailure {
  return new StateFailure('States.Runtime', message, false);
}

const LAMBDA_INVOKE = /^arn:[a-z0-9-]+:states:::lambda:invoke(\.waitForTaskToken)?$/;
const SQS_SEND = /^arn:[a-z0-9-]+:states:::sqs:sendMessage(\.waitForTaskToken)?$/;
const LAMBDA_FUNCTION = /^arn:[a-z0-9-]+:lambda:[^:]*:[^:]*:function:.+$/;

export function createStepFunctions(options: StepFunctionsOptions): LocalStepFunctions {
  const { invoke, sendMessage, region, accountId, partition } = options;
  const log = options.logger ?? (() => {});
  const machines = new Map<string, LocalMachine>();
  const executions = new Map<string, ExecutionRecord>();
  const parked = new Map<string, ParkedTask>();
  let clockOffsetMs = 0;
  let entered = 0;
  const clock = () => Date.now() + clockOffsetMs;

  function getExecution(executionArn: string): ExecutionRecord {
    const record = executions.get(executionArn);
    if (!record) {
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution does not exist: '${executionArn}'`);
    }
    return record;
  }

  function unpark(task: ParkedTask): void {
    for (const token of task.tokens) parked.delete(token);
    clearTimeout(task.heartbeatTimer);
    clearTimeout(task.timeoutTimer);
  }

  function armHeartbeat(task: ParkedTask): void {
    if (task.heartbeatMs === undefined) return;
    clearTimeout(task.heartbeatTimer);
    task.heartbeatTimer = setTimeout(() => {
      unpark(task);
      task.reject(new StateFailure('States.HeartbeatTimeout', 'No heartbeat within HeartbeatSeconds'));
    }, task.heartbeatMs);
  }

  function expire(task: ParkedTask): void {
    unpark(task);
    task.reject(new StateFailure('States.Timeout', 'The callback task did not answer within TimeoutSeconds'));
  }

  /** Real timers cannot jump, so each one re-checks the deadline against the engine's clock when it fires. */
  function armTimeout(task: ParkedTask): void {
    if (task.deadline === undefined) return;
    clearTimeout(task.timeoutTimer);
    const remaining = task.deadline - clock();
    if (remaining <= 0) {
      expire(task);
      return;
    }
    task.timeoutTimer = setTimeout(() => armTimeout(task), Math.min(remaining, MAX_TIMER_SECONDS * 1000));
  }

  /** Releases whatever the execution still waits on, so the library's timers are cleared and nothing dangles. */
  function releaseExecution(executionArn: string, reason: string): void {
    const record = executions.get(executionArn);
    record?.minted.clear();
    for (const task of new Set(parked.values())) {
      if (task.executionArn !== executionArn) continue;
      unpark(task);
      task.reject(new StateFailure('States.Runtime', reason, false));
    }
  }

  /**
   * Parks a callback task on the tokens its Parameters carry, then runs `dispatch` (the invoke or the send, which
   * rejects with a StateFailure). Parking first matters: the called function may answer with the token before its
   * own invocation returns.
   */
  function waitForToken(
    record: ExecutionRecord,
    stateName: string,
    task: TaskDefinition,
    input: JsonValue,
    dispatch: () => Promise<unknown>,
  ): Promise<JsonValue> {
    const strings = collectStrings(input);
    const tokens = [...record.minted].filter((token) => strings.some((text) => text.includes(token)));
    record.minted.clear();
    if (tokens.length === 0) {
      return Promise.reject(
        stateRuntimeError(
          `State ${stateName}: a .waitForTaskToken task needs $$.Task.Token in its Parameters`,
        ),
      );
    }
    return new Promise<JsonValue>((resolve, reject) => {
      const entry: ParkedTask = { executionArn: record.description.executionArn, tokens, resolve, reject };
      for (const token of tokens) parked.set(token, entry);
      if (typeof task.HeartbeatSeconds === 'number') {
        entry.heartbeatMs = task.HeartbeatSeconds * 1000;
        armHeartbeat(entry);
      }
      if (task.callbackTimeoutSeconds !== undefined) {
        entry.deadline = clock() + task.callbackTimeoutSeconds * 1000;
        armTimeout(entry);
      }
      dispatch().catch((error: Error) => {
        if (!tokens.some((token) => parked.get(token) === entry)) return;
        unpark(entry);
        reject(error);
      });
    });
  }

  async function sendToQueue(parameters: Record<string, unknown>): Promise<{ body: string }> {
    if (!sendMessage) throw stateRuntimeError('sqs:sendMessage needs an SQS engine; none was given');
    const queueUrl = parameters.QueueUrl;
    if (typeof queueUrl !== 'string') throw stateRuntimeError('sqs:sendMessage needs a string QueueUrl');
    const raw = parameters.MessageBody;
    const body = typeof raw === 'string' ? raw : JSON.stringify(raw ?? null);
    try {
      await sendMessage(queueUrl, body);
    } catch (error) {
      // Service integrations report errors as "<Service>.<exception>", which is what a Catch on the task names.
      const name =
        error instanceof Error && error.name !== 'Error' ? `SQS.${error.name}` : 'SQS.SdkClientException';
      throw new StateFailure(name, error instanceof Error ? error.message : String(error));
    }
    return { body };
  }

  function runTask(record: ExecutionRecord, stateName: string, task: TaskDefinition, input: JsonValue) {
    const resource = task.Resource;
    const parameters = isRecord(input) ? input : {};
    const lambdaInvoke = LAMBDA_INVOKE.exec(resource);
    if (lambdaInvoke) {
      const functionName = parameters.FunctionName;
      if (typeof functionName !== 'string') {
        return Promise.reject(
          stateRuntimeError(`State ${stateName}: lambda:invoke needs a string FunctionName`),
        );
      }
      const payload = parameters.Payload ?? {};
      if (lambdaInvoke[1]) {
        return waitForToken(record, stateName, task, input, () =>
          invoke(functionName, payload).catch((error: unknown) => Promise.reject(lambdaFailure(error))),
        );
      }
      if (parameters.InvocationType === 'Event') {
        // Asynchronous invocation: AWS answers 202 at once and the function's outcome never reaches the state.
        invoke(functionName, payload).catch((error: unknown) =>
          log(`[sfn] async invoke of ${functionName} from ${stateName} failed: ${String(error)}`),
        );
        return Promise.resolve<JsonValue>({ Payload: '', StatusCode: 202 });
      }
      return invoke(functionName, payload).then(
        (result): JsonValue => ({ ExecutedVersion: '$LATEST', Payload: asWireJson(result), StatusCode: 200 }),
        (error: unknown) => Promise.reject(lambdaFailure(error)),
      );
    }
    const sqsSend = SQS_SEND.exec(resource);
    if (sqsSend) {
      if (sqsSend[1]) return waitForToken(record, stateName, task, input, () => sendToQueue(parameters));
      return sendToQueue(parameters).then(
        ({ body }): JsonValue => ({
          MessageId: randomUUID(),
          MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
        }),
      );
    }
    if (LAMBDA_FUNCTION.test(resource)) {
      return invoke(resource, input).then(asWireJson, (error: unknown) =>
        Promise.reject(lambdaFailure(error)),
      );
    }
    return Promise.reject(
      stateRuntimeError(`State ${stateName}: resource ${resource} is not supported locally`),
    );
  }

  for (const spec of options.machines) {
    if (machines.has(spec.arn)) throw new Error(`State machine ${spec.arn} is declared twice`);
    const tasks = new Map<string, TaskDefinition>();
    const definition = prepareDefinition(spec.name, spec.definition, tasks);
    let machine: StateMachine;
    try {
      // checkArn is off because the validator's ARN rules lag behind partitions such as aws-cn and aws-us-gov.
      machine = new StateMachine(definition as unknown as StateMachineDefinition, {
        validationOptions: { checkArn: false },
      });
    } catch (error) {
      throw new Error(
        `State machine ${spec.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    for (const [stateName, { Resource }] of tasks) {
      if (!LAMBDA_INVOKE.test(Resource) && !SQS_SEND.test(Resource) && !LAMBDA_FUNCTION.test(Resource)) {
        log(
          `[sfn] ${spec.name}: state ${stateName} uses ${Resource}, which fails locally with States.Runtime`,
        );
      }
    }
    machines.set(spec.arn, { spec, machine, tasks });
  }

  // The library calls a handler without saying which execution it serves, so each execution gets its own set.
  function handlersFor(record: ExecutionRecord, local: LocalMachine): TaskHandlers {
    const handlers: TaskHandlers = {};
    for (const [stateName, task] of local.tasks) {
      handlers[stateName] = (input) => {
        // A retry or a Catch can re-enter a task after StopExecution; nothing may run once the execution closed.
        if (record.description.status !== 'RUNNING') {
          return Promise.reject(stateRuntimeError('Execution is no longer running'));
        }
        const result = runTask(record, stateName, task, input);
        record.minted.clear();
        return result;
      };
    }
    return handlers;
  }

  function mintToken(record: ExecutionRecord): string {
    const token = `${randomUUID()}${randomUUID()}`.replaceAll('-', '');
    record.minted.add(token);
    return token;
  }

  function finish(
    record: ExecutionRecord,
    outcome: Partial<ExecutionDescription> & { status: ExecutionStatus },
  ) {
    if (record.description.status !== 'RUNNING') return;
    Object.assign(record.description, outcome, { stopDate: new Date() });
    releaseExecution(record.description.executionArn, `Execution ${outcome.status.toLowerCase()}`);
    const { name, stateMachineArn } = record.description;
    const detail = outcome.error ? ` ${outcome.error}: ${outcome.cause ?? ''}` : '';
    log(`[sfn] ${stateMachineArn.split(':').pop()}/${name} ${outcome.status}${detail}`);
  }

  function settle(record: ExecutionRecord, result: Promise<JsonValue>): Promise<void> {
    return result.then(
      (output) => finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) }),
      (error: unknown) => {
        if (error instanceof ExecutionAbortedError) return finish(record, { status: 'ABORTED' });
        if (error instanceof ExecutionTimeoutError) {
          return finish(record, {
            status: 'TIMED_OUT',
            error: 'States.Timeout',
            cause: 'Execution timed out',
          });
        }
        const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
        const errorName = failure instanceof Error ? failure.name : 'States.Runtime';
        const cause = failure instanceof Error ? failure.message : String(failure);
        return finish(record, { status: 'FAILED', error: errorName, cause });
      },
    );
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
    let parsedInput: JsonValue;
    try {
      parsedInput = JSON.parse(input) as JsonValue;
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
      minted: new Set(),
      done: Promise.resolve(),
    };
    executions.set(executionArn, record);
    // $$.Task.Token is read while the library evaluates a state's Parameters, so a getter yields one fresh token
    // per entry (and per retry); the Task handler then claims whichever minted tokens ended up in its input.
    const task = {
      get Token(): string {
        return mintToken(record);
      },
    };
    const context: RunContext = {
      Execution: { Id: executionArn, Name: name, Input: parsedInput, StartTime: startDate.toISOString() },
      StateMachine: { Id: local.spec.arn, Name: local.spec.name },
      Task: task,
    };
    log(`[sfn] ${local.spec.name}/${name} started`);
    // The first states run synchronously inside run(), so the record must be registered before this call.
    const execution = local.machine.run(parsedInput, {
      overrides: { taskResourceLocalHandlers: handlersFor(record, local) },
      context,
    });
    record.abort = execution.abort;
    record.done = settle(record, execution.result);
    void drainEvents(record, execution.eventLogs);
    return { executionArn, startDate };
  }

  /** The library queues every event until read; reading keeps long executions from growing without bound. */
  async function drainEvents(
    record: ExecutionRecord,
    events: AsyncGenerator<{ type: string }>,
  ): Promise<void> {
    const label = `${record.description.stateMachineArn.split(':').pop()}/${record.description.name}`;
    for await (const event of events) {
      if (event.type === 'StateEntered') entered++;
      if (event.type === 'StateFailed' || event.type === 'StateRetried' || event.type === 'StateCaught') {
        const detail = event as { state?: { name?: string }; Error?: string };
        log(`[sfn] ${label} ${event.type} ${detail.state?.name ?? ''} ${detail.Error ?? ''}`.trimEnd());
      }
    }
  }

  async function describeExecution(executionArn: string): Promise<ExecutionDescription> {
    return { ...getExecution(executionArn).description };
  }

  function parkedTask(taskToken: string): ParkedTask {
    const task = parked.get(taskToken);
    if (!task) throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist');
    return task;
  }

  async function sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    const task = parkedTask(taskToken);
    let value: JsonValue;
    try {
      value = JSON.parse(output) as JsonValue;
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: not JSON');
    }
    unpark(task);
    task.resolve(value);
  }

  async function sendTaskFailure(taskToken: string, error?: string, cause?: string): Promise<void> {
    const task = parkedTask(taskToken);
    unpark(task);
    task.reject(new StateFailure(error ?? 'States.TaskFailed', cause ?? ''));
  }

  async function sendTaskHeartbeat(taskToken: string): Promise<void> {
    armHeartbeat(parkedTask(taskToken));
  }

  async function stopExecution(executionArn: string, error?: string, cause?: string) {
    const record = getExecution(executionArn);
    if (record.description.status === 'RUNNING') {
      finish(record, { status: 'ABORTED', error, cause });
      record.abort?.();
    }
    return { stopDate: record.description.stopDate ?? new Date() };
  }

  function advanceClock(ms: number): void {
    clockOffsetMs += ms;
    for (const task of new Set(parked.values())) armTimeout(task);
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
      await Promise.race([record.done, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return { ...record.description };
  }

  async function stop(): Promise<void> {
    const running = [...executions.values()].filter((record) => record.description.status === 'RUNNING');
    for (const record of running) {
      finish(record, { status: 'ABORTED' });
      record.abort?.();
    }
    await Promise.all(running.map((record) => record.done));
  }

  const service: LocalStepFunctions = {
    startExecution,
    describeExecution,
    sendTaskSuccess,
    sendTaskFailure,
    sendTaskHeartbeat,
    stopExecution,
    advanceClock,
    statesEntered: () => entered,
    waitForExecution,
    stop,
    handleJsonProtocol: (target, body) => handleJsonProtocol(service, target, body),
  };
  return service;
}

/** AWS's JSON protocol carries timestamps as epoch seconds. */
function epochSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime() / 1000;
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new StepFunctionsError(
      'ValidationException',
      `1 validation error detected: '${field}' must not be null`,
    );
  }
  return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

async function handleJsonProtocol(
  service: LocalStepFunctions,
  target: string,
  rawBody: unknown,
): Promise<{ status: number; body: unknown }> {
  const body = isRecord(rawBody) ? rawBody : {};
  const operation = target.startsWith('AWSStepFunctions.')
    ? target.slice('AWSStepFunctions.'.length)
    : target;
  try {
    switch (operation) {
      case 'StartExecution': {
        const started = await service.startExecution({
          stateMachineArn: requireString(body, 'stateMachineArn'),
          name: optionalString(body, 'name'),
          input: optionalString(body, 'input'),
        });
        return {
          status: 200,
          body: { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) },
        };
      }
      case 'DescribeExecution': {
        const described = await service.describeExecution(requireString(body, 'executionArn'));
        return {
          status: 200,
          body: {
            ...described,
            startDate: epochSeconds(described.startDate),
            stopDate: epochSeconds(described.stopDate),
          },
        };
      }
      case 'SendTaskSuccess':
        await service.sendTaskSuccess(requireString(body, 'taskToken'), requireString(body, 'output'));
        return { status: 200, body: {} };
      case 'SendTaskFailure':
        await service.sendTaskFailure(
          requireString(body, 'taskToken'),
          optionalString(body, 'error'),
          optionalString(body, 'cause'),
        );
        return { status: 200, body: {} };
      case 'SendTaskHeartbeat':
        await service.sendTaskHeartbeat(requireString(body, 'taskToken'));
        return { status: 200, body: {} };
      case 'StopExecution': {
        const stopped = await service.stopExecution(
          requireString(body, 'executionArn'),
          optionalString(body, 'error'),
          optionalString(body, 'cause'),
        );
        return { status: 200, body: { stopDate: epochSeconds(stopped.stopDate) } };
      }
      default:
        return {
          status: 400,
          body: {
            __type: 'UnknownOperationException',
            message: `Operation ${target} is not supported locally`,
          },
        };
    }
  } catch (error) {
    if (error instanceof StepFunctionsError) {
      return { status: error.status, body: { __type: error.code, message: error.message } };
    }
    return { status: 500, body: { __type: 'InternalFailure', message: String(error) } };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

/** Serves the SFN JSON 1.0 protocol on 127.0.0.1 so @aws-sdk/client-sfn can point its endpoint here. */
export async function startStepFunctionsEndpoint(
  service: LocalStepFunctions,
  options: { port?: number } = {},
): Promise<Stoppable & { endpoint: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || typeof target !== 'string') {
        reply(response, 400, {
          __type: 'UnknownOperationException',
          message: 'Expected a POST with X-Amz-Target',
        });
        return;
      }
      let body: unknown;
      try {
        const text = await readBody(request);
        body = text.length === 0 ? {} : JSON.parse(text);
      } catch {
        reply(response, 400, { __type: 'SerializationException', message: 'Request body is not JSON' });
        return;
      }
      const result = await service.handleJsonProtocol(target, body);
      reply(response, result.status, result.body);
    })().catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, { __type: 'InternalFailure', message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; close() alone would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}
