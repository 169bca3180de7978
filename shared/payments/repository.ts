// Payments in the ledger table, keyed by payment id; statuses only move forward. Indexes serve the payer's lists,
// a batch's progress and the sweep. The risk rules claim two small items instead of querying: the payments made to
// one enterprise for a policy and period, and the enterprises paid into one account. An order joins each set with a
// write that holds only while no one else is in it; that write, grouped with every other order's, is the check, so
// two orders screened at the same instant cannot both pass.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { batchedReads } from '../batched-reads.ts';
import { divisionOfPolicy } from '../division.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { groupedWrites } from '../group-commit.ts';
import {
  PAYMENT_STATUSES,
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
const GONE_NOWHERE: readonly PaymentStatus[] = ['returned', 'rejected', 'failed', 'cancelled'];
/** How the audit trail names a payer's or the bank's move of a payment, by the status it moved to. */
const ACTIONS: Partial<Record<PaymentStatus, string>> = {
  rejected: 'reject',
  returned: 'return',
  cancelled: 'cancel',
  reserved: 'retry',
};

const paymentItem = (payment: Payment) => ({
  ...paymentKey(payment.paymentId),
  ...payment,
  divisionCode: divisionOfPolicy(payment.policyId),
  statusRank: STATUS_RANK[payment.status],
  gsi1pk: payment.batchId
    ? `BATCH#${payment.batchId}`
    : `CASE_PAYMENTS#${divisionOfPolicy(payment.policyId)}`,
  gsi1sk: payment.paymentId,
  ...statusIndex(payment.status, payment.updatedAt, payment.paymentId),
});

/** Joins a set item (created by the first member), only while the set has no member but this one. */
const joinAlone = (
  tableName: string,
  key: { pk: string; sk: string },
  attribute: string,
  member: string,
) => ({
  TableName: tableName,
  Key: key,
  UpdateExpression: 'ADD #set :members',
  ConditionExpression: 'attribute_not_exists(#set) OR (size(#set) = :one AND contains(#set, :member))',
  ExpressionAttributeNames: { '#set': attribute },
  ExpressionAttributeValues: { ':members': new Set([member]), ':one': 1, ':member': member },
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
    fields: Record<string, unknown>,
    removed: string[] = [],
  ) => {
    const extra = Object.entries(fields).filter(([, value]) => value !== undefined);
    return {
      TableName: tableName,
      Key: paymentKey(paymentId),
      UpdateExpression: [
        [
          'SET #status = :status, statusRank = :rank, updatedAt = :at, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk',
          ...extra.map(([name]) => `${name} = :${name}`),
        ].join(', '),
        ...(removed.length ? [`REMOVE ${removed.join(', ')}`] : []),
      ].join(' '),
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

  /**
   * Joins the set and returns who was in it before. Alone in it (the common case) is one grouped conditional write;
   * refused, the member joins anyway with one write that hands back the set as it was, atomically.
   */
  const join = async (
    key: { pk: string; sk: string },
    attribute: string,
    member: string,
  ): Promise<string[]> => {
    const update = joinAlone(tableName, key, attribute, member);
    if ((await together({ Update: update })) === 'committed') return [member];
    const { ConditionExpression: _alone, ...unconditional } = update;
    const { ':one': _one, ':member': _member, ...values } = unconditional.ExpressionAttributeValues;
    const before = await documentClient.send(
      new UpdateCommand({ ...unconditional, ExpressionAttributeValues: values, ReturnValues: 'UPDATED_OLD' }),
    );
    return [...((before.Attributes?.[attribute] as Set<string> | undefined) ?? [])];
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

    async advance(paymentId, status, at, why) {
      const update = moveUpdate(
        paymentId,
        status,
        at,
        { expression: 'statusRank < :rank', values: {} },
        { reason: why?.reason, cause: why?.cause },
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

    async claim(paymentId, from, to, at, { reason, actor, cause }) {
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
                { reason, decidedBy, cause },
              ),
            },
          ],
          audit: {
            entityType: 'payment',
            entityId: paymentId,
            at,
            actor,
            action: ACTIONS[to] ?? 'release',
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

    async retry(payment, at, { reason, actor, account, warning }) {
      const attempt = (payment.attempt ?? 1) + 1;
      const decidedBy = `${actor.role}:${actor.subject}`;
      const update = moveUpdate(
        payment.paymentId,
        'reserved',
        at,
        {
          // The first attempt has no number stored.
          expression: `#status = :from AND ${attempt === 2 ? 'attribute_not_exists(attempt)' : 'attempt = :was'}`,
          values: { ':from': payment.status, ...(attempt === 2 ? {} : { ':was': attempt - 1 }) },
        },
        { reason, decidedBy, attempt, bankAccount: account, retriedFrom: payment.status },
        ['cause'],
      );
      if (warning) {
        update.UpdateExpression = update.UpdateExpression.replace(
          'SET ',
          'SET warnings = list_append(warnings, :warning), ',
        );
        Object.assign(update.ExpressionAttributeValues, { ':warning': [warning] });
      }
      try {
        await audit.write(async () => ({
          items: [{ Update: update }],
          audit: {
            entityType: 'payment',
            entityId: payment.paymentId,
            at,
            actor,
            action: 'retry',
            note: reason,
            before: { status: payment.status, attempt: attempt - 1 },
            after: {
              status: 'reserved',
              attempt,
              ...(account ? { accountNo: account.accountNo } : {}),
            },
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
      const statuses = status ? [status] : PAYMENT_STATUSES;
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

    async claimForPeriod(order) {
      const others = (await join(payeeKey(order), 'paymentIds', order.paymentId)).filter(
        (id) => id !== order.paymentId,
      );
      // A member without a record crashed between its claim and its record: on its way, as far as anyone knows.
      const found = await Promise.all(
        others.map(async (id) => (await get(id)) ?? { paymentId: id, status: 'reserved' as const }),
      );
      return found
        .map(({ paymentId, status }) => ({ paymentId, status }))
        .filter((payment) => !GONE_NOWHERE.includes(payment.status));
    },

    async claimAccount(accountNo, uscc) {
      const usccs = await join(accountKey(accountNo), 'usccs', uscc);
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
