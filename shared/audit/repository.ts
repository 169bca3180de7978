// The audit store: events appended in the same DynamoDB transaction as the change they describe.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { type AuditDraft, type AuditEvent, type AuditedEntity, chainEvent } from './chain.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const chainKey = (entityType: AuditedEntity, entityId: string) => `AUDIT#${entityType}#${entityId}`;
// Zero-padded so the sort key orders events numerically.
const seqKey = (seq: number) => String(seq).padStart(10, '0');

/** A change refused by its own condition (not by a concurrent audit append). */
export class ChangeRefused extends Error {
  constructor(readonly reasons: (string | undefined)[]) {
    super('the change was refused by its condition');
    this.name = 'ChangeRefused';
  }
}

export interface AuditLog {
  /** The entity's whole chain, oldest first. */
  chainOf(entityType: AuditedEntity, entityId: string): Promise<AuditEvent[]>;
  /**
   * Writes `change()` and its audit event in one transaction. The event takes the next place in the chain;
   * if another writer took it first, the change is rebuilt and tried again, so no event is ever lost or forked.
   * A refusal by the change's own conditions is thrown as ChangeRefused with the per-item reasons.
   */
  write(change: () => Promise<{ items: TransactItem[]; audit: AuditDraft }>): Promise<AuditEvent>;
}

const MAX_ATTEMPTS = 5;

export function dynamoAuditLog(tableName: string): AuditLog {
  const latest = async (entityType: AuditedEntity, entityId: string) => {
    const result = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': chainKey(entityType, entityId) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = result.Items?.[0];
    return item ? withoutKeys<AuditEvent>(item) : undefined;
  };

  return {
    async chainOf(entityType, entityId) {
      const items = await queryAll({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': chainKey(entityType, entityId) },
        ConsistentRead: true,
      });
      return items.map((item) => withoutKeys<AuditEvent>(item));
    },

    async write(change) {
      for (let attempt = 1; ; attempt++) {
        const { items, audit } = await change();
        const event = chainEvent(audit, await latest(audit.entityType, audit.entityId));
        try {
          await documentClient.send(
            new TransactWriteCommand({
              TransactItems: [
                ...items,
                {
                  Put: {
                    TableName: tableName,
                    Item: { pk: chainKey(event.entityType, event.entityId), sk: seqKey(event.seq), ...event },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
          return event;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
          // A failed condition on the change itself is final; a conflict or a taken chain place is worth a retry.
          const changeReasons = reasons.slice(0, items.length);
          if (changeReasons.includes('ConditionalCheckFailed')) throw new ChangeRefused(changeReasons);
          if (attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
  };
}
