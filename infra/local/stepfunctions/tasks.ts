// What a Task state does locally: invoke a function, send to a queue, wait for a callback token, or keep a Wait's time.
import { createHash, randomUUID } from 'node:crypto';
import { type InvokeFunction, LambdaError } from '../types.ts';
import type { Callbacks, ParkedTask } from './callbacks.ts';
import type { TaskDefinition } from './definition.ts';
import type { Journal } from './journal.ts';
import { isRecord, type JsonValue, StateFailure, stateRuntimeError } from './model.ts';
import type { ParkedSnapshot } from './records.ts';

/** Where a resumed run picks up: the state it re-enters and what that state had been waiting on. */
export interface ResumePoint {
  state: string;
  parked?: ParkedSnapshot;
  /**
   * Holds the parked tokens from the moment of the resume until the state is back in its handler, so an answer that
   * arrives in between is kept (in `parked.answer`) rather than refused.
   */
  waiting?: ParkedTask;
  waitDeadline?: number;
}

/** One run of the library for an execution: its start, a resume after a restart, or a redrive. */
export interface Run {
  executionArn: string;
  /** Tokens read from $$.Task.Token since the last Task state claimed them. */
  minted: Set<string>;
  /** Tokens $$.Task.Token yields, in order, before it mints new ones: the resumed callback's own. */
  resumeTokens: string[];
  /** Set on a resumed run until the first state has run: that state's wait goes on, not a new one. */
  resume?: ResumePoint;
}

export interface TaskRunnerOptions {
  invoke: InvokeFunction;
  sendMessage?: (queueUrl: string, body: string) => Promise<void>;
  callbacks: Callbacks;
  journal: Journal;
  log: (line: string) => void;
}

const LAMBDA_INVOKE = /^arn:[a-z0-9-]+:states:::lambda:invoke(\.waitForTaskToken)?$/;
const SQS_SEND = /^arn:[a-z0-9-]+:states:::sqs:sendMessage(\.waitForTaskToken)?$/;
const LAMBDA_FUNCTION = /^arn:[a-z0-9-]+:lambda:[^:]*:[^:]*:function:.+$/;
const CALLBACK_RESOURCE = /\.waitForTaskToken$/;

export function isSupportedResource(resource: string): boolean {
  return LAMBDA_INVOKE.test(resource) || SQS_SEND.test(resource) || LAMBDA_FUNCTION.test(resource);
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

export function createTaskRunner(options: TaskRunnerOptions) {
  const { invoke, sendMessage, callbacks, journal, log } = options;

  /** The resume point, if the state now running is the one the run resumed; either way it is used up. */
  function resumed(run: Run, stateName: string): ResumePoint | undefined {
    const point = run.resume;
    run.resume = undefined;
    return point?.state === stateName ? point : undefined;
  }

  /**
   * Parks a callback task on the tokens its Parameters carry, then runs `dispatch` (the invoke or the send, which
   * rejects with a StateFailure). The park is on disk before the dispatch hands a token out, and parking comes first
   * because the called function may answer with the token before its own invocation returns. A resumed task waits on
   * the tokens and deadline the journal holds for it (an answer that came meanwhile stands), and is not dispatched
   * again if its dispatch had returned.
   */
  function parkCallback(
    run: Run,
    stateName: string,
    task: TaskDefinition,
    input: JsonValue,
    dispatch: () => Promise<unknown>,
  ): Promise<JsonValue> {
    const point = resumed(run, stateName);
    const before = point?.parked;
    const strings = collectStrings(input);
    const tokens =
      before?.tokens ?? [...run.minted].filter((token) => strings.some((text) => text.includes(token)));
    run.minted.clear();
    run.resumeTokens = [];
    if (tokens.length === 0) {
      return Promise.reject(
        stateRuntimeError(
          `State ${stateName}: a .waitForTaskToken task needs $$.Task.Token in its Parameters`,
        ),
      );
    }
    const answer = before?.answer;
    if (answer) {
      // Answered before the restart or since: the answer stands, nobody is asked again.
      if (point?.waiting) callbacks.unpark(point.waiting);
      return answer.output === undefined
        ? Promise.reject(new StateFailure(answer.error ?? 'States.TaskFailed', answer.cause ?? ''))
        : Promise.resolve(JSON.parse(answer.output) as JsonValue);
    }
    const deadline = before
      ? before.deadline
      : task.callbackTimeoutSeconds === undefined
        ? undefined
        : callbacks.now() + task.callbackTimeoutSeconds * 1000;
    const park = { kind: 'parked' as const, state: stateName, tokens };
    const parkRecorded = before
      ? Promise.resolve()
      : journal.commit(run.executionArn, deadline === undefined ? park : { ...park, deadline });
    return new Promise<JsonValue>((resolve, reject) => {
      // A resumed task takes over the entry that has held its tokens since the resume; an answer already on its
      // way to that entry then reaches this state.
      const held = point?.waiting;
      const entry: ParkedTask = held ?? { executionArn: run.executionArn, tokens, resolve, reject };
      entry.resolve = resolve;
      entry.reject = reject;
      if (typeof task.HeartbeatSeconds === 'number') entry.heartbeatMs = task.HeartbeatSeconds * 1000;
      if (deadline !== undefined) entry.deadline = deadline;
      if (!held || callbacks.isParked(held)) callbacks.park(entry);
      if (before?.dispatched) return;
      void parkRecorded
        .then(() => {
          if (!callbacks.isParked(entry)) return;
          return dispatch().then(() => {
            if (callbacks.isParked(entry)) journal.append(run.executionArn, { kind: 'dispatched', tokens });
          });
        })
        .catch((error: Error) => {
          if (!callbacks.isParked(entry)) return;
          callbacks.unpark(entry);
          reject(error);
        });
    });
  }

  /** A Wait state: its deadline is journaled, then kept on the engine's clock; a resumed wait keeps its instant. */
  async function runWait(run: Run, stateName: string, input: JsonValue): Promise<JsonValue> {
    const parameters = isRecord(input) ? input : {};
    let deadline = resumed(run, stateName)?.waitDeadline;
    if (deadline === undefined) {
      const { seconds, timestamp } = parameters;
      if (typeof seconds === 'number' && seconds >= 0) deadline = callbacks.now() + seconds * 1000;
      else if (typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp))) {
        deadline = Date.parse(timestamp);
      } else {
        throw stateRuntimeError(
          `State ${stateName}: the Wait needs non-negative seconds or an RFC 3339 timestamp`,
        );
      }
      // Nothing outside waits on this record, so it need not be on disk before the wait begins.
      void journal.commit(run.executionArn, { kind: 'waiting', state: stateName, deadline });
    }
    await callbacks.sleepUntil(run.executionArn, deadline);
    return (parameters.input ?? null) as JsonValue;
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

  function runTask(run: Run, stateName: string, task: TaskDefinition, input: JsonValue): Promise<JsonValue> {
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
        return parkCallback(run, stateName, task, input, () =>
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
      if (sqsSend[1]) return parkCallback(run, stateName, task, input, () => sendToQueue(parameters));
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

  return {
    runTask: (run: Run, stateName: string, task: TaskDefinition, input: JsonValue) => {
      // Only a callback task or a wait uses the resume point; any other first state just runs again.
      if (!CALLBACK_RESOURCE.test(task.Resource)) run.resume = undefined;
      return runTask(run, stateName, task, input);
    },
    runWait,
  };
}
