// Reconciliations in the ledger table: a header and one item per discrepancy under the same key, so a report is one
// key-range read and a resolution one conditional, audited update of its own item.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../audit/chain.ts';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import type { Discrepancy, Reconciliation } from './reconciliation.ts';

export interface ReconciliationStore {
  /** Records a requested run; `false` if one with the id exists (a schedule that fired twice). */
  start(reconciliation: Omit<Reconciliation, 'discrepancies'>): Promise<boolean>;
  finish(
    id: string,
    result: { discrepancies: Discrepancy[]; checked: NonNullable<Reconciliation['checked']>; at: string },
  ): Promise<void>;
  fail(id: string, reason: string, at: string): Promise<void>;
  get(id: string): Promise<Reconciliation | undefined>;
  /** A division's latest reconciliations, newest first, without their discrepancies (only how many). */
  recent(divisionCode: string, limit: number): Promise<ReconciliationHeader[]>;
  /** Resolves a discrepancy once, with finance's note; `undefined` if it was resolved already or does not exist. */
  resolve(id: string, seq: number, note: string, actor: Actor, at: string): Promise<Discrepancy | undefined>;
}

/** A reconciliation as a list shows it: its header and how many discrepancies it found once done. */
export type ReconciliationHeader = Omit<Reconciliation, 'discrepancies'> & { discrepancyCount?: number };

const pk = (id: string) => `RECONCILIATION#${id}`;
/** A division's reconciliations in request order, on the ledger table's first index. */
const divisionKey = (divisionCode: string) => `RECONCILIATIONS#${divisionCode}`;
const HEADER = 'HEADER';
const discrepancySk = (seq: number) => `D#${String(seq).padStart(7, '0')}`;
const BATCH_WRITE_LIMIT = 25;

export function dynamoReconciliationStore(tableName: string, audit: AuditLog): ReconciliationStore {
  const setHeader = (id: string, fields: Record<string, unknown>) =>
    documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: pk(id), sk: HEADER },
        UpdateExpression: `SET ${Object.keys(fields)
          .map((name) => `#${name} = :${name}`)
          .join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(Object.keys(fields).map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          Object.entries(fields).map(([name, value]) => [`:${name}`, value]),
        ),
      }),
    );

  const get = async (id: string): Promise<Reconciliation | undefined> => {
    const items = await queryAll({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk(id) },
    });
    const header = items.find((item) => item.sk === HEADER);
    if (!header) return undefined;
    return {
      ...withoutKeys<Omit<Reconciliation, 'discrepancies'>>(header, 'discrepancyCount'),
      discrepancies: items.filter((item) => item.sk !== HEADER).map((item) => withoutKeys<Discrepancy>(item)),
    };
  };

  return {
    async start(reconciliation) {
      try {
        await documentClient.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: pk(reconciliation.id),
              sk: HEADER,
              gsi1pk: divisionKey(reconciliation.divisionCode),
              gsi1sk: `${reconciliation.requestedAt}#${reconciliation.id}`,
              ...reconciliation,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async finish(id, { discrepancies, checked, at }) {
      // Discrepancies first, the header last: a report that says `done` is whole.
      for (let start = 0; start < discrepancies.length; start += BATCH_WRITE_LIMIT) {
        let requests = discrepancies.slice(start, start + BATCH_WRITE_LIMIT).map((discrepancy) => ({
          PutRequest: { Item: { pk: pk(id), sk: discrepancySk(discrepancy.seq), ...discrepancy } },
        }));
        for (let attempt = 1; requests.length > 0; attempt++) {
          const result = await documentClient.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
          );
          requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
          if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        }
      }
      await setHeader(id, {
        status: 'done',
        finishedAt: at,
        checked,
        discrepancyCount: discrepancies.length,
      });
    },

    async fail(id, reason, at) {
      await setHeader(id, { status: 'failed', finishedAt: at, reason });
    },

    get,

    async recent(divisionCode, limit) {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :division',
          ExpressionAttributeValues: { ':division': divisionKey(divisionCode) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((item) => withoutKeys<ReconciliationHeader>(item));
    },

    async resolve(id, seq, note, actor, at) {
      const resolution = { note, by: `${actor.role}:${actor.subject}`, at };
      try {
        await audit.write(async () => ({
          items: [
            {
              Update: {
                TableName: tableName,
                Key: { pk: pk(id), sk: discrepancySk(seq) },
                UpdateExpression: 'SET resolution = :resolution',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(resolution)',
                ExpressionAttributeValues: { ':resolution': resolution },
              },
            },
          ],
          audit: {
            entityType: 'reconciliation',
            entityId: `${id}#${seq}`,
            at,
            actor,
            action: 'resolve',
            note,
            before: { resolved: false },
            after: { resolved: true },
          },
        }));
      } catch (error) {
        if (error instanceof ChangeRefused) return undefined;
        throw error;
      }
      return (await get(id))?.discrepancies.find((discrepancy) => discrepancy.seq === seq);
    },
  };
}
