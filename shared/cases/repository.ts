// The case store: cases, the one-live-case guard, and review tasks with their server-side task tokens.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Actor, changedFields } from '../audit/chain.ts';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { IN_CHAIN, pendingResumePut } from '../chains/repository.ts';
import { type PendingResume, pendingResume } from '../chains/resumes.ts';
import { shanghaiDate } from '../dates.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { conflict } from '../errors.ts';
import { groupedWrites } from '../group-commit.ts';
import {
  type Case,
  type CaseStatus,
  CHAIN_STATUSES,
  type Decision,
  type Notice,
  type ReviewTask,
  type TimelineEntry,
} from './types.ts';

export interface CaseRepository {
  /** Stores a new case unless the enterprise already has a live case for the policy and period (409). */
  createCase(record: Case): Promise<void>;
  getCase(id: string): Promise<Case | undefined>;
  listCasesOf(uscc: string): Promise<Case[]>;
  /** Moves a case to a status and appends the timeline entry, with its audit event and any notice, atomically. */
  transition(id: string, entry: TimelineEntry, options?: TransitionOptions): Promise<Case>;
  /**
   * A transition that also takes the token the case's chain is parked on (a correction or the announcement) and
   * stores the resume it owes, with `resumeWith` as the waiting state's result, in the same write: exactly one
   * caller resumes the chain, and a stored change always has its resume. 409 if the chain is not waiting on the case.
   */
  releaseChain(
    id: string,
    entry: TimelineEntry,
    options: TransitionOptions & { from: CaseStatus[]; resumeWith: unknown },
  ): Promise<{ record: Case; resume: PendingResume }>;
  /** Cases in announcement (公示), by the last day of their announcement. */
  announcementsEndingBy(date: string): Promise<Case[]>;
  /** The enterprise's notices, newest first. */
  listNotices(uscc: string, limit: number): Promise<Notice[]>;
  /** Writes a notice that no case change carries (a whitelist payment's); the same notice again overwrites it. */
  notify(notice: Notice): Promise<void>;
  openTask(task: ReviewTask, taskToken: string): Promise<void>;
  getTask(id: string): Promise<ReviewTask | undefined>;
  listOpenTasks(assigneeId: string): Promise<ReviewTask[]>;
  /**
   * Records the decision once, audited, with the resume it owes the chain in the same write, and hands that resume
   * back to be sent; a second decision is 409.
   */
  decideTask(id: string, decision: Decision): Promise<{ task: ReviewTask; resume?: PendingResume }>;
  /** Open tasks of every assignee due on or before the date (YYYY-MM-DD), for the SLA sweep. */
  openTasksDueBy(date: string): Promise<ReviewTask[]>;
  setTaskColour(id: string, colour: 'green' | 'yellow' | 'red'): Promise<void>;
  /** 督办: marks an open task escalated to the assignee's head, once, with its audit event. */
  escalateTask(id: string, at: string, to: string): Promise<boolean>;
  /** An assignee's open tasks that have been escalated, for the head's list. */
  listEscalated(assigneeId: string): Promise<ReviewTask[]>;
  /** Cases of a division filed in a month (YYYY-MM, Asia/Shanghai), for statistics and risk warnings. */
  filedIn(divisionCode: string, month: string): Promise<Case[]>;
  /** Review tasks of a division's departments and agencies opened in a month, for on-time rates. */
  tasksOpenedIn(divisionCode: string, month: string): Promise<ReviewTask[]>;
}

export interface TransitionOptions {
  /**
   * What the step decided (amounts, reasons, materials). A function is given the case as just read, so counters
   * computed from it are exact even when a concurrent change forces a retry.
   */
  fields?: Partial<Case> | ((current: Case) => Partial<Case>);
  /** Statuses the case may be leaving; any other is a 409. */
  from?: CaseStatus[];
  /** Refuses the change (by throwing) on the case as just read; the write's condition pins that read. */
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

const OPEN_TASKS = 'OPEN_TASK';
const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
const taskKey = (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' });
const liveKey = (c: Case) => ({ pk: `LIVE#${c.uscc}#${c.policyId}#${c.period}`, sk: 'LIVE' });

const ANNOUNCING = 'ANNOUNCING';

/**
 * Cases and tasks by division and month of filing (opening), so statistics read a period by key ranges. A task's
 * division is its assignee's: department and agency ids start with their division code.
 */
const monthIndex = (kind: 'FILED' | 'TASKS', divisionCode: string, at: string, id: string) => ({
  gsi3pk: `${kind}#${divisionCode}#${shanghaiDate(new Date(at)).slice(0, 7)}`,
  gsi3sk: `${at}#${id}`,
});

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

const taskItem = (task: ReviewTask) => ({
  ...taskKey(task.id),
  gsi1pk: `ASSIGNEE#${task.assigneeId}`,
  gsi1sk: `OPEN#${task.dueDate}#${task.id}`,
  // All open tasks by due date, so the SLA sweep reads a key range instead of scanning.
  gsi2pk: OPEN_TASKS,
  gsi2sk: `${task.dueDate}#${task.id}`,
  ...monthIndex('TASKS', task.assigneeId.slice(0, 6), task.createdAt, task.id),
  ...task,
});

/** The timeline repeats what the audit chain records, so events keep only the fields that changed. */
const withoutTimeline = ({ timeline: _timeline, ...rest }: Case): Record<string, unknown> => rest;

/** Timeline entries name their author as "role:subject". */
const actorOf = (by: string): Actor => {
  const split = by.indexOf(':');
  return split < 0
    ? { role: 'system', subject: by }
    : { role: by.slice(0, split), subject: by.slice(split + 1) };
};

const MAX_ATTEMPTS = 5;

export const taskAlreadyDecided = (taskId: string) =>
  conflict('TASK_ALREADY_DECIDED', '该审核任务已作出决定，不能重复决定', { taskId });

/** Records a decision once: leaving the OPEN# index range takes the task off every reviewer's list. */
const decideTaskUpdate = (tableName: string, id: string, decision: Decision) => ({
  TableName: tableName,
  Key: taskKey(id),
  UpdateExpression: 'SET #status = :decided, decision = :decision, gsi1sk = :closed REMOVE gsi2pk, gsi2sk',
  ConditionExpression: '#status = :open',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: {
    ':decided': 'decided',
    ':open': 'open',
    ':decision': decision,
    ':closed': `DECIDED#${decision.decidedAt}#${id}`,
  },
});

/** Task and parked tokens resume a chain; they never leave the server. */
const withoutTokens = <T>(item: Record<string, unknown>): T =>
  withoutKeys<T>(item, 'taskToken', 'parkedToken');

export function dynamoCaseRepository(tableName: string, audit: AuditLog): CaseRepository {
  // The payer tells many enterprises at once: their notices are written in groups.
  const together = groupedWrites();
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
    const { from, guard, parkToken, openTask, decideTask, notify, resumeWith } = options;
    const takeToken = resumeWith !== undefined;
    for (let attempt = 1; ; attempt++) {
      const item = await readItem(id);
      if (!item) throw Object.assign(new Error(`case ${id} not found`), { name: 'CaseNotFound' });
      const current = withoutTokens<Case>(item);
      // Checked on a read the write's condition pins, so two callers cannot both move a case out of a status.
      if (from && !from.includes(current.status)) {
        throw conflict('CASE_STATUS_CHANGED', `办件当前状态为“${current.status}”，不能办理此操作`, {
          status: current.status,
        });
      }
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
                      Item: {
                        pk: `NOTICE#${next.uscc}`,
                        sk: `${entry.at}#${id}#${entry.status}`,
                        uscc: next.uscc,
                        caseId: id,
                        kind: entry.status,
                        at: entry.at,
                        ...notify,
                      },
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

  const byMonth = async <T>(kind: 'FILED' | 'TASKS', divisionCode: string, month: string) =>
    (
      await queryAll({
        TableName: tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': `${kind}#${divisionCode}#${month}` },
      })
    ).map((item) => withoutTokens<T>(item));

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

    async announcementsEndingBy(date) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :after',
        ExpressionAttributeValues: { ':pk': ANNOUNCING, ':after': `${date}~` },
      });
      return items.map((item) => withoutTokens<Case>(item));
    },

    async notify(notice) {
      // Keyed by what it tells, so telling again rewrites the same notice.
      const put = {
        TableName: tableName,
        Item: {
          pk: `NOTICE#${notice.uscc}`,
          sk: `${notice.at}#${notice.paymentId ?? notice.caseId}#${notice.kind}`,
          ...notice,
        },
      };
      if ((await together({ Put: put })) === 'committed') return;
      await documentClient.send(new PutCommand(put));
    },

    async listNotices(uscc, limit) {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `NOTICE#${uscc}` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => withoutTokens<Notice>(item));
    },

    async openTask(task, taskToken) {
      await documentClient
        .send(
          new PutCommand({
            TableName: tableName,
            Item: { ...taskItem(task), taskToken },
            // The task id is derived from the execution and step entry, so a retried step opens nothing new.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },

    async getTask(id) {
      const result = await documentClient.send(new GetCommand({ TableName: tableName, Key: taskKey(id) }));
      return result.Item ? withoutTokens<ReviewTask>(result.Item) : undefined;
    },

    async listOpenTasks(assigneeId) {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `ASSIGNEE#${assigneeId}`, ':prefix': 'OPEN#' },
        }),
      );
      return (result.Items ?? []).map((item) => withoutTokens<ReviewTask>(item));
    },

    async decideTask(id, decision) {
      const item = (
        await documentClient.send(
          new GetCommand({ TableName: tableName, Key: taskKey(id), ConsistentRead: true }),
        )
      ).Item;
      if (!item) throw taskAlreadyDecided(id);
      const task = withoutTokens<ReviewTask>(item);
      const token = typeof item.taskToken === 'string' ? item.taskToken : undefined;
      const resume = token ? pendingResume(task.caseId, token, decision, decision.decidedAt) : undefined;
      const decided: ReviewTask = { ...task, status: 'decided', decision };
      try {
        await audit.write(async () => ({
          // The decision and the resume it owes are one write: decided means resumed, sooner or later.
          items: [
            { Update: decideTaskUpdate(tableName, id, decision) },
            ...(resume ? [pendingResumePut(tableName, resume)] : []),
          ],
          audit: {
            entityType: 'task',
            entityId: id,
            at: decision.decidedAt,
            actor: actorOf(decision.decidedBy),
            action: 'decide',
            ...(decision.reason ? { note: decision.reason } : {}),
            before: { status: task.status },
            after: { status: decided.status, decision },
          },
        }));
      } catch (error) {
        if (error instanceof ChangeRefused) throw taskAlreadyDecided(id);
        throw error;
      }
      return { task: decided, resume };
    },

    async openTasksDueBy(date) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :after',
        // '#' sorts before '~', so every task due on `date` itself falls inside the range.
        ExpressionAttributeValues: { ':pk': OPEN_TASKS, ':after': `${date}~` },
      });
      return items.map((item) => withoutTokens<ReviewTask>(item));
    },

    async setTaskColour(id, colour) {
      await documentClient
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: taskKey(id),
            UpdateExpression: 'SET slaColour = :colour',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':colour': colour, ':open': 'open' },
          }),
        )
        .catch((error: unknown) => {
          // Decided between the read and the write: nothing left to colour.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },

    async escalateTask(id, at, to) {
      try {
        await audit.write(async () => ({
          items: [
            {
              Update: {
                TableName: tableName,
                Key: taskKey(id),
                UpdateExpression: 'SET escalatedAt = :at, escalatedTo = :to',
                // Once per task, and never for a task decided in the meantime.
                ConditionExpression: '#status = :open AND attribute_not_exists(escalatedAt)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':at': at, ':to': to, ':open': 'open' },
              },
            },
          ],
          audit: {
            entityType: 'task',
            entityId: id,
            at,
            actor: { role: 'system', subject: 'sla-sweep' },
            action: 'escalate',
            note: `逾期未办，督办至 ${to}`,
            before: null,
            after: { escalatedAt: at, escalatedTo: to },
          },
        }));
        return true;
      } catch (error) {
        if (error instanceof ChangeRefused) return false;
        throw error;
      }
    },

    async listEscalated(assigneeId) {
      const open = await queryAll({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        FilterExpression: 'attribute_exists(escalatedAt)',
        ExpressionAttributeValues: { ':pk': `ASSIGNEE#${assigneeId}`, ':prefix': 'OPEN#' },
      });
      return open.map((item) => withoutTokens<ReviewTask>(item));
    },

    filedIn: (divisionCode, month) => byMonth<Case>('FILED', divisionCode, month),
    tasksOpenedIn: (divisionCode, month) => byMonth<ReviewTask>('TASKS', divisionCode, month),
  };
}
