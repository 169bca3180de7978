// Review tasks of the approval chains: opened with their server-side task token, decided once, watched by the SLA sweep.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { pendingResumePut } from '../chains/repository.ts';
import { type PendingResume, pendingResume } from '../chains/resumes.ts';
import { divisionOfId } from '../division.ts';
import { documentClient, queryAll } from '../dynamo.ts';
import { conflict } from '../errors.ts';
import { actorOf, byMonth, datedUpTo, monthIndex, withoutTokens } from './items.ts';
import type { Decision, ReviewTask } from './types.ts';

export interface TaskStore {
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
  /** Review tasks of a division's departments and agencies opened in a month, for on-time rates. */
  tasksOpenedIn(divisionCode: string, month: string): Promise<ReviewTask[]>;
}

const OPEN_TASKS = 'OPEN_TASK';
const taskKey = (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' });

export const taskItem = (task: ReviewTask) => ({
  ...taskKey(task.id),
  gsi1pk: `ASSIGNEE#${task.assigneeId}`,
  gsi1sk: `OPEN#${task.dueDate}#${task.id}`,
  // All open tasks by due date, so the SLA sweep reads a key range instead of scanning.
  gsi2pk: OPEN_TASKS,
  gsi2sk: `${task.dueDate}#${task.id}`,
  ...monthIndex('TASKS', divisionOfId(task.assigneeId) ?? '', task.createdAt, task.id),
  ...task,
});

/** A second decision is refused with who made the first, so a reviewer racing a colleague knows whom to ask. */
export const taskAlreadyDecided = (taskId: string, decidedBy?: string) =>
  conflict(
    'TASK_ALREADY_DECIDED',
    decidedBy ? `该审核任务已由 ${decidedBy} 作出决定，不能重复决定` : '该审核任务已作出决定，不能重复决定',
    { taskId, ...(decidedBy ? { decidedBy } : {}) },
  );

/** Records a decision once: leaving the OPEN# index range takes the task off every reviewer's list. */
export const decideTaskUpdate = (tableName: string, id: string, decision: Decision) => ({
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

export function dynamoTaskStore(tableName: string, audit: AuditLog): TaskStore {
  return {
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
        if (!(error instanceof ChangeRefused)) throw error;
        const first = (
          await documentClient.send(
            new GetCommand({ TableName: tableName, Key: taskKey(id), ConsistentRead: true }),
          )
        ).Item as ReviewTask | undefined;
        throw taskAlreadyDecided(id, first?.decision?.decidedBy);
      }
      return { task: decided, resume };
    },

    openTasksDueBy: (date) => datedUpTo<ReviewTask>(tableName, OPEN_TASKS, date),

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

    tasksOpenedIn: (divisionCode, month) => byMonth<ReviewTask>(tableName, 'TASKS', divisionCode, month),
  };
}
