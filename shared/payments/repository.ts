// Payments in the ledger table, keyed by payment id; statuses only move forward. Indexes serve the payer's lists,
// a batch's progress, the sweep, and the risk rules (payments to one enterprise, payments into one account).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { batchedReads } from '../batched-reads.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { groupedWrites } from '../group-commit.ts';
import {
  FINAL_PAYMENT_STATUSES,
  type Payment,
  type PaymentStatus,
  type PaymentStore,
  type PayoutOrder,
  STATUS_RANK,
} from './payments.ts';

const paymentKey = (id: string) => ({ pk: `PAYMENT#${id}`, sk: 'PAYMENT' });
const statusIndex = (status: PaymentStatus, at: string, id: string) => ({
  gsi2pk: `PAYMENT_STATUS#${status}`,
  gsi2sk: `${at}#${id}`,
});
const payeeKey = (order: Pick<PayoutOrder, 'uscc' | 'policyId' | 'period'>) =>
  `PAYEE#${order.uscc}#${order.policyId}#${order.period}`;
/** Payments that count against a second one: paid, or on their way to being paid. */
const GONE_NOWHERE: readonly PaymentStatus[] = ['returned', 'rejected', 'failed'];

const paymentItem = (payment: Payment) => ({
  ...paymentKey(payment.paymentId),
  ...payment,
  divisionCode: payment.policyId.slice(0, 6),
  statusRank: STATUS_RANK[payment.status],
  gsi1pk: payment.batchId ? `BATCH#${payment.batchId}` : `CASE_PAYMENTS#${payment.policyId.slice(0, 6)}`,
  gsi1sk: payment.paymentId,
  ...statusIndex(payment.status, payment.updatedAt, payment.paymentId),
  gsi3pk: payeeKey(payment),
  gsi3sk: payment.paymentId,
  gsi4pk: `PAYEE_ACCOUNT#${payment.bankAccount.accountNo}`,
  gsi4sk: `${payment.uscc}#${payment.paymentId}`,
});

const fromItem = (item: Record<string, unknown>) => withoutKeys<Payment>(item, 'statusRank', 'divisionCode');

/** The audit log records the payer's releases and rejections of held payments. */
export function dynamoPaymentStore(tableName: string, audit: AuditLog): PaymentStore {
  // The payer records and advances many payments at once: they are written in groups (a refused one goes alone).
  const together = groupedWrites();
  const read = batchedReads(tableName);
  const get = async (id: string) => {
    const item = await read(paymentKey(id));
    return item ? fromItem(item) : undefined;
  };

  /** One conditional status change: the index entry moves with the status. */
  const moveUpdate = (
    paymentId: string,
    status: PaymentStatus,
    at: string,
    condition: { expression: string; values: Record<string, unknown> },
    fields: Record<string, string | undefined>,
  ) => {
    const extra = Object.entries(fields).filter(([, value]) => value !== undefined);
    return {
      TableName: tableName,
      Key: paymentKey(paymentId),
      UpdateExpression: [
        'SET #status = :status, statusRank = :rank, updatedAt = :at, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
        ...extra.map(([name]) => `${name} = :${name}`),
      ].join(', '),
      ConditionExpression: `attribute_exists(pk) AND ${condition.expression}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': status,
        ':rank': STATUS_RANK[status],
        ':at': at,
        ':gsi2pk': statusIndex(status, at, paymentId).gsi2pk,
        ':gsi2sk': statusIndex(status, at, paymentId).gsi2sk,
        ...Object.fromEntries(extra.map(([name, value]) => [`:${name}`, value])),
        ...condition.values,
      },
    };
  };

  return {
    get,

    async recordOnce(payment) {
      const put = {
        TableName: tableName,
        Item: paymentItem(payment),
        ConditionExpression: 'attribute_not_exists(pk)',
      };
      if ((await together({ Put: put })) === 'committed') return payment;
      try {
        await documentClient.send(new PutCommand(put));
        return payment;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return (await get(payment.paymentId)) ?? payment;
      }
    },

    async advance(paymentId, status, at, reason) {
      const update = moveUpdate(
        paymentId,
        status,
        at,
        { expression: 'statusRank < :rank', values: {} },
        { reason },
      );
      if ((await together({ Update: update })) === 'committed') return true;
      try {
        await documentClient.send(new UpdateCommand(update));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async claim(paymentId, from, to, at, { reason, actor }) {
      const decidedBy = `${actor.role}:${actor.subject}`;
      try {
        await audit.write(async () => ({
          items: [
            {
              Update: moveUpdate(
                paymentId,
                to,
                at,
                { expression: '#status = :from', values: { ':from': from } },
                { reason, decidedBy },
              ),
            },
          ],
          audit: {
            entityType: 'payment',
            entityId: paymentId,
            at,
            actor,
            action: to === 'rejected' ? 'reject' : to === 'returned' ? 'return' : 'release',
            note: reason,
            before: { status: from },
            after: { status: to, decidedBy },
          },
        }));
        return true;
      } catch (error) {
        if (error instanceof ChangeRefused) return false;
        throw error;
      }
    },

    async list({ batchId, status, divisionCode, limit }) {
      const inDivision = {
        FilterExpression: 'divisionCode = :division',
        ExpressionAttributeValues: { ':division': divisionCode },
      };
      const pages = async (input: {
        IndexName: string;
        KeyConditionExpression: string;
        values: Record<string, unknown>;
        ScanIndexForward?: boolean;
      }) => {
        const items: Record<string, unknown>[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await documentClient.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: input.IndexName,
              KeyConditionExpression: input.KeyConditionExpression,
              FilterExpression: inDivision.FilterExpression,
              ExpressionAttributeValues: { ...input.values, ...inDivision.ExpressionAttributeValues },
              ScanIndexForward: input.ScanIndexForward ?? true,
              ExclusiveStartKey: startKey,
              Limit: limit,
            }),
          );
          items.push(...(page.Items ?? []));
          startKey = page.LastEvaluatedKey;
        } while (startKey && items.length < limit);
        return items.slice(0, limit).map(fromItem);
      };
      if (batchId) {
        const items = await pages({
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          values: { ':pk': `BATCH#${batchId}` },
        });
        return status ? items.filter((item) => item.status === status) : items;
      }
      // Newest first within each status; without a status, the newest of every status together.
      const statuses = status ? [status] : FINAL_PAYMENT_STATUSES.concat(['reserved', 'held', 'instructed']);
      const lists = await Promise.all(
        statuses.map((each) =>
          pages({
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk',
            values: { ':pk': `PAYMENT_STATUS#${each}` },
            ScanIndexForward: false,
          }),
        ),
      );
      return lists
        .flat()
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .slice(0, limit);
    },

    async statusesOfBatch(batchId) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `BATCH#${batchId}` },
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
      });
      return items.map((item) => item.status as PaymentStatus);
    },

    async othersForPeriod(order) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': payeeKey(order) },
      });
      return items
        .map(fromItem)
        .filter((payment) => payment.paymentId !== order.paymentId && !GONE_NOWHERE.includes(payment.status));
    },

    async accountUsedByOthers(accountNo, uscc) {
      const query = (condition: string, own: string, forward: boolean, limit: number) =>
        documentClient.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi4',
            KeyConditionExpression: `gsi4pk = :pk${condition}`,
            ExpressionAttributeValues: {
              ':pk': `PAYEE_ACCOUNT#${accountNo}`,
              ...(own ? { ':own': own } : {}),
            },
            ScanIndexForward: forward,
            Limit: limit,
          }),
        );
      // Usually one look suffices: an account has few payments. Entries are sorted by USCC, so when the first few
      // are all the enterprise's own, look just below and just above its range.
      const first = await query('', '', true, 5);
      const other = (first.Items ?? []).find((item) => item.uscc !== uscc);
      if (other || !first.LastEvaluatedKey) return other ? String(other.uscc) : undefined;
      const [below, above] = await Promise.all([
        query(' AND gsi4sk < :own', `${uscc}#`, false, 1),
        query(' AND gsi4sk > :own', `${uscc}#\uffff`, true, 1),
      ]);
      const found = below.Items?.[0] ?? above.Items?.[0];
      return found ? String(found.uscc) : undefined;
    },

    async movedBetween(status, after, before, limit) {
      const input = {
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :after AND :before',
        ExpressionAttributeValues: { ':pk': `PAYMENT_STATUS#${status}`, ':after': after, ':before': before },
      };
      // Without a limit, every page: statistics and risk warnings read a whole period.
      if (limit === undefined) return (await queryAll(input)).map(fromItem);
      const result = await documentClient.send(new QueryCommand({ ...input, Limit: limit }));
      return (result.Items ?? []).map(fromItem);
    },
  };
}
