// Where chain resumes and stuck cases are kept: items of the case store, beside the cases they are about.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Case } from '../cases/types.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import type { PendingResume } from './resumes.ts';

/** A case whose status says its chain is at work while its execution says otherwise. */
export interface StuckCase {
  caseId: string;
  divisionCode: string;
  status: Case['status'];
  /** The execution's status, or MISSING when the engine has none. */
  executionStatus: string;
  reason: string;
  /** When the execution stopped, or when the case last moved if that is all there is to go by. */
  since: string;
  checkedAt: string;
}

export interface ChainStore {
  pendingResumes(before: string): Promise<PendingResume[]>;
  resumeDone(id: string): Promise<void>;
  /** Every case whose status says its chain is at work (the sparse IN_CHAIN index). */
  casesInChain(): Promise<Case[]>;
  listStuck(divisionCode?: string): Promise<StuckCase[]>;
  markStuck(stuck: StuckCase): Promise<void>;
  clearStuck(divisionCode: string, caseId: string): Promise<void>;
}

const PENDING_RESUMES = 'PENDING_RESUME';
const STUCK = 'STUCK';

/** The put that stores a resume; case and task writes add it to their own conditional transaction. */
export const pendingResumePut = (tableName: string, resume: PendingResume) => ({
  Put: {
    TableName: tableName,
    Item: {
      pk: `RESUME#${resume.id}`,
      sk: 'RESUME',
      gsi2pk: PENDING_RESUMES,
      gsi2sk: `${resume.createdAt}#${resume.id}`,
      ...resume,
    },
    // One resume per token, ever: a second decision on a token never stores a second resume.
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const stuckKey = (divisionCode: string, caseId: string) => ({ pk: STUCK, sk: `${divisionCode}#${caseId}` });

export function dynamoChainStore(tableName: string): ChainStore {
  return {
    async pendingResumes(before) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': PENDING_RESUMES, ':before': before },
      });
      return items.map((item) => withoutKeys<PendingResume>(item));
    },
    async resumeDone(id) {
      await documentClient.send(
        new DeleteCommand({ TableName: tableName, Key: { pk: `RESUME#${id}`, sk: 'RESUME' } }),
      );
    },
    async casesInChain() {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': IN_CHAIN },
      });
      return items.map((item) => withoutKeys<Case>(item, 'parkedToken'));
    },
    async listStuck(divisionCode) {
      const items = await queryAll({
        TableName: tableName,
        KeyConditionExpression: divisionCode ? 'pk = :pk AND begins_with(sk, :division)' : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': STUCK,
          ...(divisionCode ? { ':division': `${divisionCode}#` } : {}),
        },
      });
      return items.map((item) => withoutKeys<StuckCase>(item));
    },
    async markStuck(stuck) {
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...stuckKey(stuck.divisionCode, stuck.caseId), ...stuck },
        }),
      );
    },
    async clearStuck(divisionCode, caseId) {
      await documentClient.send(
        new DeleteCommand({ TableName: tableName, Key: stuckKey(divisionCode, caseId) }),
      );
    },
  };
}

/** The sparse index partition of cases whose chain is at work. */
export const IN_CHAIN = 'IN_CHAIN';
