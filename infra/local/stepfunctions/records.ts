// What an execution's journal holds: its records, and how they fold into where the execution stands.
import type { ExecutionDescription, ExecutionStatus, HistoryEvent, JsonValue } from './model.ts';

export type JournalRecord =
  | {
      kind: 'started';
      executionArn: string;
      stateMachineArn: string;
      name: string;
      input: string;
      startDate: number;
    }
  | { kind: 'history'; event: HistoryEvent }
  /** A callback task waits on `tokens` (written before the task is dispatched). */
  | { kind: 'parked'; state: string; tokens: string[]; deadline?: number }
  /** The invoke or send that hands the tokens out has returned: a resumed run must not repeat it. */
  | { kind: 'dispatched'; tokens: string[] }
  /** SendTaskSuccess or SendTaskFailure, written before the task is told. */
  | { kind: 'answered'; output?: string; error?: string; cause?: string }
  | { kind: 'waiting'; state: string; deadline: number }
  | {
      kind: 'finished';
      status: Exclude<ExecutionStatus, 'RUNNING'>;
      output?: string;
      error?: string;
      cause?: string;
      stopDate: number;
    }
  | { kind: 'redriven'; redriveDate: number; redriveCount: number };

export interface ParkedSnapshot {
  state: string;
  tokens: string[];
  deadline?: number;
  dispatched: boolean;
  answer?: { output?: string; error?: string; cause?: string };
}

/** An execution as its journal leaves it: enough to describe it, list it and go on from where it was. */
export interface ExecutionSnapshot {
  description: ExecutionDescription;
  /** The top-level state last entered and its input: where a resume or a redrive runs from. */
  current?: { state: string; input: JsonValue };
  parked?: ParkedSnapshot;
  waiting?: { state: string; deadline: number };
  lastEventId: number;
}

/** Folds an execution's records, in order, into where it stands. */
export function replay(records: JournalRecord[]): ExecutionSnapshot | undefined {
  const [first] = records;
  if (first?.kind !== 'started') return undefined;
  const snapshot: ExecutionSnapshot = {
    description: {
      executionArn: first.executionArn,
      stateMachineArn: first.stateMachineArn,
      name: first.name,
      status: 'RUNNING',
      input: first.input,
      startDate: new Date(first.startDate),
    },
    lastEventId: 0,
  };
  for (const record of records) {
    switch (record.kind) {
      case 'history': {
        snapshot.lastEventId = record.event.id;
        const entered = record.event.stateEnteredEventDetails as { name: string; input: string } | undefined;
        if (entered) {
          // A new state starts clean; what the previous one waited on stays until then, so a crash right after an
          // answer resumes with that answer rather than waiting again.
          snapshot.current = { state: entered.name, input: JSON.parse(entered.input) as JsonValue };
          snapshot.parked = undefined;
          snapshot.waiting = undefined;
        }
        break;
      }
      case 'parked':
        snapshot.parked = {
          state: record.state,
          tokens: record.tokens,
          ...(record.deadline === undefined ? {} : { deadline: record.deadline }),
          dispatched: false,
        };
        break;
      case 'dispatched':
        if (snapshot.parked && record.tokens.every((token) => snapshot.parked?.tokens.includes(token))) {
          snapshot.parked.dispatched = true;
        }
        break;
      case 'answered':
        if (snapshot.parked) {
          const { kind: _kind, ...answer } = record;
          snapshot.parked.answer = answer;
        }
        break;
      case 'waiting':
        snapshot.waiting = { state: record.state, deadline: record.deadline };
        break;
      case 'finished': {
        const { kind: _kind, stopDate, ...outcome } = record;
        Object.assign(snapshot.description, outcome, { stopDate: new Date(stopDate) });
        break;
      }
      case 'redriven': {
        const { output: _o, error: _e, cause: _c, stopDate: _s, ...kept } = snapshot.description;
        snapshot.description = {
          ...kept,
          status: 'RUNNING',
          redriveCount: record.redriveCount,
          redriveDate: new Date(record.redriveDate),
        };
        snapshot.parked = undefined;
        snapshot.waiting = undefined;
        break;
      }
    }
  }
  return snapshot;
}
