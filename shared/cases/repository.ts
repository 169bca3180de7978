// The case store: cases, the one-live-case guard, and review tasks with their server-side task tokens.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Actor, changedFields } from '../audit/chain.ts';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { conflict } from '../errors.ts';
import type { Case, CaseStatus, Decision, Notice, ReviewTask, TimelineEntry } from './types.ts';

export interface CaseRepository {
  /** Stores a new case unless the enterprise already has a live case for the policy and period (409). */
  createCase(record: Case): Promise<void>;
  getCase(id: string): Promise<Case | undefined>;
  listCasesOf(uscc: string): Promise<Case[]>;
  /** Moves a case to a status and appends the timeline entry, with its audit event and any notice, atomically. */
  transition(id: string, entry: TimelineEntry, options?: TransitionOptions): Promise<Case>;
  /** The token of the chain waiting for the enterprise's correction (补正), kept server-side. */
  correctionTokenOf(id: string): Promise<string | undefined>;
  /** The enterprise's notices, newest first. */
  listNotices(uscc: string, limit: number): Promise<Notice[]>;
  openTask(task: ReviewTask, taskToken: string): Promise<void>;
  getTask(id: string): Promise<ReviewTask | undefined>;
  listOpenTasks(assigneeId: string): Promise<ReviewTask[]>;
  /** Records the decision once and hands back the token that resumes the chain; a second decision is 409. */
  decideTask(id: string, decision: Decision): Promise<{ task: ReviewTask; taskToken: string }>;
  /** Open tasks of every assignee due on or before the date (YYYY-MM-DD), for the SLA sweep. */
  openTasksDueBy(date: string): Promise<ReviewTask[]>;
  setTaskColour(id: string, colour: 'green' | 'yellow' | 'red'): Promise<void>;
}

export interface TransitionOptions {
  /** What the step decided (amounts, reasons, materials). */
  fields?: Partial<Case>;
  /** Statuses the case may be leaving; any other is a 409. */
  from?: CaseStatus[];
  /** Parks the chain's token on the case while it waits for the enterprise. */
  correctionToken?: string;
  /** A notice to the enterprise, written in the same transaction (the outbox). */
  notify?: Pick<Notice, 'title' | 'message'>;
}

const OPEN_TASKS = 'OPEN_TASK';
const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
const taskKey = (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' });
const liveKey = (c: Case) => ({ pk: `LIVE#${c.uscc}#${c.policyId}#${c.period}`, sk: 'LIVE' });

const caseItem = (record: Case) => ({
  ...caseKey(record.id),
  gsi1pk: `ENT#${record.uscc}`,
  gsi1sk: `CASE#${record.createdAt}`,
  ...record,
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

/** Task and correction tokens resume a chain; they never leave the server. */
const withoutTokens = <T>(item: Record<string, unknown>): T =>
  withoutKeys<T>(item, 'taskToken', 'correctionToken');

export function dynamoCaseRepository(tableName: string, audit: AuditLog): CaseRepository {
  const read = async (id: string) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: caseKey(id), ConsistentRead: true }),
    );
    return result.Item ? withoutTokens<Case>(result.Item) : undefined;
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
      const { fields = {}, from, correctionToken, notify } = options;
      for (let attempt = 1; ; attempt++) {
        const current = await read(id);
        if (!current) throw Object.assign(new Error(`case ${id} not found`), { name: 'CaseNotFound' });
        // Checked on a read the write's condition pins, so two callers cannot both move a case out of a status.
        if (from && !from.includes(current.status)) {
          throw conflict('CASE_STATUS_CHANGED', `办件当前状态为“${current.status}”，不能办理此操作`, {
            status: current.status,
          });
        }
        const next: Case = {
          ...current,
          ...fields,
          status: entry.status,
          timeline: [...current.timeline, entry],
        };
        try {
          await audit.write(async () => ({
            items: [
              {
                Put: {
                  TableName: tableName,
                  // Rewriting the item drops a previous correction token: a resubmission consumes it.
                  Item: { ...caseItem(next), ...(correctionToken ? { correctionToken } : {}) },
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
          return next;
        } catch (error) {
          if (!(error instanceof ChangeRefused) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },

    async correctionTokenOf(id) {
      const result = await documentClient.send(
        new GetCommand({ TableName: tableName, Key: caseKey(id), ConsistentRead: true }),
      );
      const token = result.Item?.correctionToken;
      return typeof token === 'string' ? token : undefined;
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
            Item: {
              ...taskKey(task.id),
              gsi1pk: `ASSIGNEE#${task.assigneeId}`,
              gsi1sk: `OPEN#${task.dueDate}#${task.id}`,
              // All open tasks by due date, so the SLA sweep reads a key range instead of scanning.
              gsi2pk: OPEN_TASKS,
              gsi2sk: `${task.dueDate}#${task.id}`,
              ...task,
              taskToken,
            },
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
      try {
        const result = await documentClient.send(
          new UpdateCommand({
            TableName: tableName,
            Key: taskKey(id),
            // Leaving the OPEN# index range takes the task off every reviewer's list.
            UpdateExpression:
              'SET #status = :decided, decision = :decision, gsi1sk = :closed REMOVE gsi2pk, gsi2sk',
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':decided': 'decided',
              ':open': 'open',
              ':decision': decision,
              ':closed': `DECIDED#${decision.decidedAt}#${id}`,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const item = result.Attributes ?? {};
        return { task: withoutTokens<ReviewTask>(item), taskToken: String(item.taskToken) };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw conflict('TASK_ALREADY_DECIDED', '该审核任务已作出决定，不能重复决定', { taskId: id });
        }
        throw error;
      }
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
  };
}
