// An execution's history in AWS's shape, made from the library's event log, and the pages the API hands out.

import { type ExecutionStatus, type HistoryEvent, StepFunctionsError } from './model.ts';
import type { JournalRecord } from './records.ts';

/** What a history event needs from the execution it belongs to. */
export interface HistorySink {
  lastEventId: number;
}

/** Builds the next history event of an execution as a journal record, numbering it after the last one. */
export function historyRecord(
  sink: HistorySink,
  type: string,
  details: Record<string, Record<string, unknown>> = {},
  timestamp = Date.now(),
): JournalRecord {
  sink.lastEventId += 1;
  const event = {
    id: sink.lastEventId,
    previousEventId: sink.lastEventId - 1,
    timestamp,
    type,
    ...details,
  } as HistoryEvent;
  return { kind: 'history', event };
}

export function dataDetails(field: 'input' | 'output', value: unknown): Record<string, unknown> {
  return { [field]: JSON.stringify(value ?? null), [`${field}Details`]: { truncated: false } };
}

/** AWS names a service integration's resource type and resource apart: lambda + invoke.waitForTaskToken. */
export function resourceDetails(resource: string): { resourceType: string; resource: string } {
  const integration = /^arn:[^:]+:states:::([^:]+):(.+)$/.exec(resource);
  if (integration) return { resourceType: integration[1] as string, resource: integration[2] as string };
  return { resourceType: 'lambda', resource };
}

const CLOSING_EVENT: Record<Exclude<ExecutionStatus, 'RUNNING'>, [string, string]> = {
  SUCCEEDED: ['ExecutionSucceeded', 'executionSucceededEventDetails'],
  FAILED: ['ExecutionFailed', 'executionFailedEventDetails'],
  TIMED_OUT: ['ExecutionTimedOut', 'executionTimedOutEventDetails'],
  ABORTED: ['ExecutionAborted', 'executionAbortedEventDetails'],
};

export function closingRecord(
  sink: HistorySink,
  outcome: { status: Exclude<ExecutionStatus, 'RUNNING'>; output?: string; error?: string; cause?: string },
): JournalRecord {
  const [type, field] = CLOSING_EVENT[outcome.status];
  const details =
    outcome.output !== undefined
      ? { output: outcome.output, outputDetails: { truncated: false } }
      : {
          ...(outcome.error === undefined ? {} : { error: outcome.error }),
          ...(outcome.cause === undefined ? {} : { cause: outcome.cause }),
        };
  return historyRecord(sink, type, { [field]: details });
}

/** GetExecutionHistory with includeExecutionData false: the events without their inputs and outputs. */
export function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: HistoryEvent = { ...event };
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
    const {
      input: _i,
      inputDetails: _id,
      output: _o,
      outputDetails: _od,
      ...rest
    } = value as Record<string, unknown>;
    copy[key as `${string}EventDetails`] = rest;
  }
  return copy;
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** One page of `items`; the token is the offset of the next one, opaque to callers as AWS's is. */
export function paginate<T>(
  items: readonly T[],
  page: { maxResults?: number; nextToken?: string },
): { items: T[]; nextToken?: string } {
  const size = page.maxResults === undefined || page.maxResults === 0 ? DEFAULT_PAGE : page.maxResults;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) {
    throw new StepFunctionsError(
      'ValidationException',
      `1 validation error detected: 'maxResults' must be between 0 and ${MAX_PAGE}`,
    );
  }
  let offset = 0;
  if (page.nextToken !== undefined) {
    offset = Number(Buffer.from(page.nextToken, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset <= 0 || offset > items.length) {
      throw new StepFunctionsError('InvalidToken', `Invalid Token: '${page.nextToken}'`);
    }
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}
