// Payments in the ledger table, keyed by payment id; statuses only move forward.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, withoutKeys } from '../dynamo.ts';
import { type Payment, type PaymentStore, STATUS_RANK } from './payments.ts';

const paymentKey = (id: string) => ({ pk: `PAYMENT#${id}`, sk: 'PAYMENT' });

export function dynamoPaymentStore(tableName: string): PaymentStore {
  const get = async (id: string) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: paymentKey(id), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<Payment>(result.Item, 'statusRank') : undefined;
  };
  return {
    get,

    async recordOnce(payment) {
      try {
        await documentClient.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...paymentKey(payment.paymentId), ...payment, statusRank: STATUS_RANK[payment.status] },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return payment;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return (await get(payment.paymentId)) ?? payment;
      }
    },

    async advance(paymentId, status, at, reason) {
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(paymentId),
            UpdateExpression: `SET #status = :status, statusRank = :rank, updatedAt = :at${reason ? ', reason = :reason' : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND statusRank < :rank',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': status,
              ':rank': STATUS_RANK[status],
              ':at': at,
              ...(reason ? { ':reason': reason } : {}),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
