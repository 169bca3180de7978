// The case store: cases, the one-live-case guard, and review tasks with their server-side task tokens.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient, queryAll } from '../dynamo.ts';
import { conflict } from '../errors.ts';
import type { Case, Decision, ReviewTask, TimelineEntry } from './types.ts';

export interface CaseRepository {
  /** Stores a new case unless the enterprise already has a live case for the policy and period (409). */
  createCase(record: Case): Promise<void>;
  getCase(id: string): Promise<Case | undefined>;
  listCasesOf(uscc: string): Promise<Case[]>;
  /** Moves a case to a status and appends the timeline entry; `fields` records what the step decided. */
  transition(id: string, entry: TimelineEntry, fields?: Partial<Case>): Promise<Case>;
  openTask(task: ReviewTask, taskToken: string): Promise<void>;
  getTask(id: string): Promise<ReviewTask | undefined>;
  listOpenTasks(assigneeId: string): Promise<ReviewTask[]>;
  /** Records the decision once and hands back the token that resumes the chain; a second decision is 409. */
  decideTask(id: string, decision: Decision): Promise<{ task: ReviewTask; taskToken: string }>;
  /** Open tasks of every assignee due on or before the date (YYYY-MM-DD), for the SLA sweep. */
  openTasksDueBy(date: string): Promise<ReviewTask[]>;
  setTaskColour(id: string, colour: 'green' | 'yellow' | 'red'): Promise<void>;
}

const OPEN_TASKS = 'OPEN_TASK';
const caseKey = (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' });
const taskKey = (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' });
const liveKey = (c: Case) => ({ pk: `LIVE#${c.uscc}#${c.policyId}#${c.period}`, sk: 'LIVE' });

const withoutKeys = <T>(item: Record<string, unknown>): T => {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g2,
    gsi2pk: _g3,
    gsi2sk: _g4,
    taskToken: _token,
    ...rest
  } = item;
  return rest as T;
};

export function dynamoCaseRepository(tableName: string): CaseRepository {
  return {
    async createCase(record) {
      try {
        await documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...caseKey(record.id),
                    gsi1pk: `ENT#${record.uscc}`,
                    gsi1sk: `CASE#${record.createdAt}`,
                    ...record,
                  },
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
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw conflict('DUPLICATE_APPLICATION', '该企业本期已有一件在办的同一政策申请，请勿重复申请', {
            policyId: record.policyId,
            period: record.period,
          });
        }
        throw error;
      }
    },

    async getCase(id) {
      const result = await documentClient.send(new GetCommand({ TableName: tableName, Key: caseKey(id) }));
      return result.Item ? withoutKeys<Case>(result.Item) : undefined;
    },

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
      return (result.Items ?? []).map((item) => withoutKeys<Case>(item));
    },

    async transition(id, entry, fields = {}) {
      const names: Record<string, string> = { '#status': 'status', '#timeline': 'timeline' };
      const values: Record<string, unknown> = { ':status': entry.status, ':entry': [entry] };
      const sets = ['#status = :status', '#timeline = list_append(#timeline, :entry)'];
      for (const [field, value] of Object.entries(fields)) {
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
      const result = await documentClient.send(
        new UpdateCommand({
          TableName: tableName,
          Key: caseKey(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKeys<Case>(result.Attributes ?? {});
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
      return result.Item ? withoutKeys<ReviewTask>(result.Item) : undefined;
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
      return (result.Items ?? []).map((item) => withoutKeys<ReviewTask>(item));
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
        return { task: withoutKeys<ReviewTask>(item), taskToken: String(item.taskToken) };
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
      return items.map((item) => withoutKeys<ReviewTask>(item));
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
