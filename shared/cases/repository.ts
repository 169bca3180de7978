// The case store: cases and the one-live-case guard, composed with review tasks and notices into the case repository.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { changedFields } from '../audit/chain.ts';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { IN_CHAIN, pendingResumePut } from '../chains/repository.ts';
import { type PendingResume, pendingResume } from '../chains/resumes.ts';
import { documentClient } from '../dynamo.ts';
import { conflict } from '../errors.ts';
import { actorOf, byMonth, datedUpTo, monthIndex, withoutTokens } from './items.ts';
import { dynamoNoticeStore, type NoticeStore, noticeItem } from './notices.ts';
import { decideTaskUpdate, dynamoTaskStore, type TaskStore, taskItem } from './tasks.ts';
import {
  type Case,
  CHAIN_STATUSES,
  type Decision,
  type Notice,
  type ReviewTask,
  type TimelineEntry,
} from './types.ts';

export interface CaseStore {
  /** Stores a new case unless the enterprise already has a live case for the policy and period (409). */
  createCase(record: Case): Promise<void>;
  getCase(id: string): Promise<Case | undefined>;
  listCasesOf(uscc: string): Promise<Case[]>;
  /**
   * Moves a case to a status and appends the timeline entry, with its audit event and any notice, atomically. Callers
   * name a lifecycle event instead (applyCaseEvent in lifecycle.ts), which says which statuses it may leave.
   */
  transition(id: string, entry: TimelineEntry, options?: TransitionOptions): Promise<Case>;
  /**
   * A transition that also takes the token the case's chain is parked on (a correction or the announcement) and
   * stores the resume it owes, with `resumeWith` as the waiting state's result, in the same write: exactly one
   * caller resumes the chain, and a stored change always has its resume. 409 if the chain is not waiting on the case.
   */
  releaseChain(
    id: string,
    entry: TimelineEntry,
    options: TransitionOptions & { resumeWith: unknown },
  ): Promise<{ record: Case; resume: PendingResume }>;
  /** Cases in announcement (公示), by the last day of their announcement. */
  announcementsEndingBy(date: string): Promise<Case[]>;
  /** Cases of a division filed in a month (YYYY-MM, Asia/Shanghai), for statistics and risk warnings. */
  filedIn(divisionCode: string, month: string): Promise<Case[]>;
}

/** Everything kept in the case table: cases, the review tasks of their chains, and notices to enterprises. */
export interface CaseRepository extends CaseStore, TaskStore, NoticeStore {}

export interface TransitionOptions {
  /**
   * What the step decided (amounts, reasons, materials). A function is given the case as just read, so counters
   * computed from it are exact even when a concurrent change forces a retry.
   */
  fields?: Partial<Case> | ((current: Case) => Partial<Case>);
  /**
   * Refuses the change (by throwing) on the case as just read; the write's condition pins that read. The lifecycle
   * (lifecycle.ts) checks here the statuses an event may leave.
   */
  guard?: (current: Case) => void;
  /** Decides a task in the same transaction; a task decided meanwhile refuses the whole change. */
  decideTask?: { id: string; decision: Decision };
  /** Parks the chain's token on the case while it waits (for a correction, or for the announcement to end). */
  parkToken?: string;
  /** A review task opened with the change, in the same transaction (an objection's task). */
  openTask?: ReviewTask;
  /** A notice to the enterprise, written in the same transaction (the outbox). */
  notify?: Pick<Notice, 'title' | 'message'>;
}

const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
const liveKey = (c: Case) => ({ pk: `LIVE#${c.uscc}#${c.policyId}#${c.period}`, sk: 'LIVE' });

const ANNOUNCING = 'ANNOUNCING';

const caseItem = (record: Case) => ({
  ...caseKey(record.id),
  gsi1pk: `ENT#${record.uscc}`,
  gsi1sk: `CASE#${record.createdAt}`,
  ...monthIndex('FILED', record.divisionCode, record.createdAt, record.id),
  // Only while announced: the sweep and the public list read announcements by their end date, never by scanning.
  ...(record.status === 'announced' && record.announcementEndsOn
    ? { gsi2pk: ANNOUNCING, gsi2sk: `${record.announcementEndsOn}#${record.id}` }
    : {}),
  // Only while its chain is at work: the stuck-case check compares exactly these with their executions.
  ...(record.mode !== 'auto' && CHAIN_STATUSES.includes(record.status)
    ? { gsi4pk: IN_CHAIN, gsi4sk: `${record.divisionCode}#${record.createdAt}#${record.id}` }
    : {}),
  ...record,
});

/** The timeline repeats what the audit chain records, so events keep only the fields that changed. */
const withoutTimeline = ({ timeline: _timeline, ...rest }: Case): Record<string, unknown> => rest;

const MAX_ATTEMPTS = 5;

export function dynamoCaseRepository(tableName: string, audit: AuditLog): CaseRepository {
  return {
    ...dynamoCaseStore(tableName, audit),
    ...dynamoTaskStore(tableName, audit),
    ...dynamoNoticeStore(tableName),
  };
}

export function dynamoCaseStore(tableName: string, audit: AuditLog): CaseStore {
  const readItem = async (id: string) =>
    (
      await documentClient.send(
        new GetCommand({ TableName: tableName, Key: caseKey(id), ConsistentRead: true }),
      )
    ).Item;
  const read = async (id: string) => {
    const item = await readItem(id);
    return item ? withoutTokens<Case>(item) : undefined;
  };

  /** The one write path of a case: conditional on the timeline it read, audited, with notice and task alongside. */
  const change = async (
    id: string,
    entry: TimelineEntry,
    options: TransitionOptions & { resumeWith?: unknown },
  ): Promise<{ record: Case; resume?: PendingResume }> => {
    const { guard, parkToken, openTask, decideTask, notify, resumeWith } = options;
    const takeToken = resumeWith !== undefined;
    for (let attempt = 1; ; attempt++) {
      const item = await readItem(id);
      if (!item) throw Object.assign(new Error(`case ${id} not found`), { name: 'CaseNotFound' });
      const current = withoutTokens<Case>(item);
      // Judged on a read the write's condition pins (the lifecycle's status check among it), so two callers cannot
      // both move a case out of a status.
      guard?.(current);
      const fields = typeof options.fields === 'function' ? options.fields(current) : (options.fields ?? {});
      const parked = typeof item.parkedToken === 'string' ? item.parkedToken : undefined;
      if (takeToken && !parked) {
        throw conflict('CHAIN_NOT_WAITING', '该办件的审批流程当前不在等待此操作', { status: current.status });
      }
      // A parked token stays with the case until a new one replaces it or a release takes it.
      const keptToken = parkToken ?? (takeToken ? undefined : parked);
      const next: Case = {
        ...current,
        ...fields,
        status: entry.status,
        timeline: [...current.timeline, entry],
      };
      const resume = takeToken && parked ? pendingResume(id, parked, resumeWith, entry.at) : undefined;
      try {
        await audit.write(async () => ({
          items: [
            {
              Put: {
                TableName: tableName,
                Item: { ...caseItem(next), ...(keptToken ? { parkedToken: keptToken } : {}) },
                // The timeline only grows, so its length tells whether anyone moved the case since it was read.
                ConditionExpression: 'size(#timeline) = :seen',
                ExpressionAttributeNames: { '#timeline': 'timeline' },
                ExpressionAttributeValues: { ':seen': current.timeline.length },
              },
            },
            // The outbox: the enterprise's notice is written with the change itself, or not at all.
            ...(notify
              ? [
                  {
                    Put: {
                      TableName: tableName,
                      Item: noticeItem({
                        uscc: next.uscc,
                        caseId: id,
                        kind: entry.status,
                        at: entry.at,
                        ...notify,
                      }),
                    },
                  },
                ]
              : []),
            ...(openTask
              ? [
                  {
                    Put: {
                      TableName: tableName,
                      Item: taskItem(openTask),
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
            ...(decideTask
              ? [{ Update: decideTaskUpdate(tableName, decideTask.id, decideTask.decision) }]
              : []),
            ...(resume ? [pendingResumePut(tableName, resume)] : []),
          ],
          audit: {
            entityType: 'case',
            entityId: id,
            at: entry.at,
            actor: actorOf(entry.by),
            action: `to_${entry.status}`,
            ...(entry.note ? { note: entry.note } : {}),
            ...changedFields(withoutTimeline(current), withoutTimeline(next)),
          },
        }));
        return { record: next, resume };
      } catch (error) {
        if (!(error instanceof ChangeRefused) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  };

  return {
    async createCase(record) {
      try {
        await audit.write(async () => ({
          items: [
            {
              Put: {
                TableName: tableName,
                Item: caseItem(record),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...liveKey(record), caseId: record.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
          audit: {
            entityType: 'case',
            entityId: record.id,
            at: record.createdAt,
            actor: actorOf(record.timeline[0]?.by ?? ''),
            action: 'file',
            before: null,
            after: withoutTimeline(record),
          },
        }));
      } catch (error) {
        if (error instanceof ChangeRefused) {
          throw conflict('DUPLICATE_APPLICATION', '该企业本期已有一件在办的同一政策申请，请勿重复申请', {
            policyId: record.policyId,
            period: record.period,
          });
        }
        throw error;
      }
    },

    getCase: read,

    async listCasesOf(uscc) {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `ENT#${uscc}`, ':prefix': 'CASE#' },
          ScanIndexForward: false,
        }),
      );
      return (result.Items ?? []).map((item) => withoutTokens<Case>(item));
    },

    async transition(id, entry, options = {}) {
      return (await change(id, entry, options)).record;
    },

    async releaseChain(id, entry, options) {
      const { record, resume } = await change(id, entry, options);
      // change() refuses a case with no parked token, so a release always owes a resume.
      if (!resume) throw new Error(`case ${id} released without a resume`);
      return { record, resume };
    },

    announcementsEndingBy: (date) => datedUpTo<Case>(tableName, ANNOUNCING, date),

    filedIn: (divisionCode, month) => byMonth<Case>(tableName, 'FILED', divisionCode, month),
  };
}
