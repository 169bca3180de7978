// What executions wait on: callback tasks parked on their tokens, and deadlines kept on the engine's (test) clock.
import { type JsonValue, MAX_TIMER_SECONDS, StateFailure, StepFunctionsError } from './model.ts';

export interface ParkedTask {
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

interface TimedWait {
  executionArn: string;
  deadline: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

export interface Callbacks {
  /** The engine's time: the real time plus whatever the test clock has added. */
  now(): number;
  clockOffset(): number;
  /** Moves the engine's time forward and fires whatever came due by it. */
  advance(ms: number): void;
  /** Parks a callback task on its tokens; its deadline and heartbeat start counting now. */
  park(task: ParkedTask): void;
  /** Whether `task` still waits, i.e. no answer, timeout or release has taken it. */
  isParked(task: ParkedTask): boolean;
  /** The task waiting on `token`; TaskDoesNotExist when none waits. */
  find(token: string): ParkedTask;
  /** Takes a task off its tokens and timers, before it is answered. */
  unpark(task: ParkedTask): void;
  heartbeat(token: string): void;
  /** Resolves once the engine's clock reaches `deadline`. */
  sleepUntil(executionArn: string, deadline: number): Promise<void>;
  /** Rejects whatever the execution still waits on, so the library's timers are cleared and nothing dangles. */
  release(executionArn: string, reason: string): void;
}

export function createCallbacks(initialOffsetMs: number): Callbacks {
  const parked = new Map<string, ParkedTask>();
  const waits = new Set<TimedWait>();
  let offsetMs = initialOffsetMs;
  const now = () => Date.now() + offsetMs;

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

  /** Real timers cannot jump, so each one re-checks the deadline against the engine's clock when it fires. */
  function armTimeout(task: ParkedTask): void {
    if (task.deadline === undefined) return;
    clearTimeout(task.timeoutTimer);
    const remaining = task.deadline - now();
    if (remaining <= 0) {
      unpark(task);
      task.reject(
        new StateFailure('States.Timeout', 'The callback task did not answer within TimeoutSeconds'),
      );
      return;
    }
    task.timeoutTimer = setTimeout(() => armTimeout(task), Math.min(remaining, MAX_TIMER_SECONDS * 1000));
  }

  function armWait(wait: TimedWait): void {
    clearTimeout(wait.timer);
    const remaining = wait.deadline - now();
    if (remaining <= 0) {
      waits.delete(wait);
      wait.resolve();
      return;
    }
    wait.timer = setTimeout(() => armWait(wait), Math.min(remaining, MAX_TIMER_SECONDS * 1000));
  }

  return {
    now,
    clockOffset: () => offsetMs,
    advance(ms) {
      offsetMs += ms;
      for (const task of new Set(parked.values())) armTimeout(task);
      for (const wait of [...waits]) armWait(wait);
    },
    park(task) {
      for (const token of task.tokens) parked.set(token, task);
      armHeartbeat(task);
      armTimeout(task);
    },
    isParked: (task) => task.tokens.some((token) => parked.get(token) === task),
    find(token) {
      const task = parked.get(token);
      if (!task) throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist');
      return task;
    },
    unpark,
    heartbeat(token) {
      const task = parked.get(token);
      if (!task) throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist');
      armHeartbeat(task);
    },
    sleepUntil(executionArn, deadline) {
      return new Promise<void>((resolve, reject) => {
        const wait: TimedWait = { executionArn, deadline, resolve, reject };
        waits.add(wait);
        armWait(wait);
      });
    },
    release(executionArn, reason) {
      for (const task of new Set(parked.values())) {
        if (task.executionArn !== executionArn) continue;
        unpark(task);
        task.reject(new StateFailure('States.Runtime', reason, false));
      }
      for (const wait of [...waits]) {
        if (wait.executionArn !== executionArn) continue;
        clearTimeout(wait.timer);
        waits.delete(wait);
        wait.reject(new StateFailure('States.Runtime', reason, false));
      }
    },
  };
}
