// Payments in the ledger table, keyed by payment id; statuses only move forward. Indexes serve the payer's lists,
// a batch's progress and the sweep. The risk rules read two small items instead of querying: the payments made to
// one enterprise for a policy and period, and the enterprises paid into one account, each a set kept as payments
// are recorded, so screening an order is a key read that goes out batched with every other order's.
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
const payeeKey = (order: Pick<PayoutOrder, 'uscc' | 'policyId' | 'period'>) => ({
  pk: `PAYEE#${order.uscc}#${order.policyId}#${order.period}`,
  sk: 'PAYMENTS',
});
const accountKey = (accountNo: string) => ({ pk: `PAYEE_ACCOUNT#${accountNo}`, sk: 'PAYEES' });
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
});

/** Adds a member to a set item (created by the first); adding it again changes nothing. */
const addToSet = (tableName: string, key: { pk: string; sk: string }, attribute: string, member: string) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'ADD #set :member',
    ExpressionAttributeNames: { '#set': attribute },
    ExpressionAttributeValues: { ':member': new Set([member]) },
  },
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
      // The rules' sets first: a crash before the record leaves a member without a record, which screening treats
      // as a payment on its way (a hold for the payer), never as none.
      await Promise.all(
        [
          addToSet(tableName, payeeKey(payment), 'paymentIds', payment.paymentId),
          addToSet(tableName, accountKey(payment.bankAccount.accountNo), 'usccs', payment.uscc),
        ].map(async (item) => {
          if ((await together(item)) !== 'committed')
            await documentClient.send(new UpdateCommand(item.Update));
        }),
      );
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
      const ids = [...((await read(payeeKey(order)))?.paymentIds ?? [])] as string[];
      const others = ids.filter((id) => id !== order.paymentId);
      const found = await Promise.all(
        others.map(async (id) => (await get(id)) ?? { paymentId: id, status: 'reserved' as const }),
      );
      return found
        .map(({ paymentId, status }) => ({ paymentId, status }))
        .filter((payment) => !GONE_NOWHERE.includes(payment.status));
    },

    async accountUsedByOthers(accountNo, uscc) {
      const usccs = [...((await read(accountKey(accountNo)))?.usccs ?? [])] as string[];
      return usccs.sort().find((other) => other !== uscc);
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
