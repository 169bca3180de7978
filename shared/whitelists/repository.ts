// Whitelist batches in the ledger table. A batch's header, its refusals and every accepted order are written in one
// transaction before anything is queued (record first), and a cursor says how far queueing got, so a send that
// failed is re-driven by the sweep and no accepted entry is ever lost.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, withoutKeys } from '../dynamo.ts';
import type { PayoutOrder } from '../payments/payments.ts';
import type { Refusal, WhitelistBatch } from './whitelist.ts';

export interface WhitelistRepository {
  /** Records the batch and its orders unless the id exists; returns the stored batch and whether it was new. */
  record(
    batch: WhitelistBatch,
    chunks: PayoutOrder[][],
  ): Promise<{ batch: WhitelistBatch; created: boolean }>;
  get(id: string): Promise<WhitelistBatch | undefined>;
  chunk(id: string, index: number): Promise<PayoutOrder[]>;
  /** Moves the cursor past chunk `index`; the batch leaves the re-drive list when every chunk is queued. */
  markQueued(batch: QueueCursor, index: number): Promise<void>;
  /** Batches not yet wholly queued and created before `before`, for the sweep. */
  unqueued(before: string, limit: number): Promise<QueueCursor[]>;
}

/** What queueing needs of a batch: which chunks exist and how many were sent. */
export type QueueCursor = Pick<WhitelistBatch, 'id' | 'chunkCount' | 'queuedChunks'>;

const QUEUEING = 'BATCH_QUEUEING';
const headerKey = (id: string) => ({ pk: `BATCH#${id}`, sk: 'BATCH' });
const refusedKey = (id: string) => ({ pk: `BATCH#${id}`, sk: 'REFUSED' });
const chunkKey = (id: string, index: number) => ({
  pk: `BATCH#${id}`,
  sk: `CHUNK#${String(index).padStart(4, '0')}`,
});

export function dynamoWhitelistRepository(tableName: string): WhitelistRepository {
  const get = async (id: string): Promise<WhitelistBatch | undefined> => {
    const [header, refused] = await Promise.all(
      [headerKey(id), refusedKey(id)].map((Key) =>
        documentClient.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true })),
      ),
    );
    if (!header?.Item) return undefined;
    return {
      ...withoutKeys<Omit<WhitelistBatch, 'refused'>>(header.Item),
      refused: (refused?.Item?.refused as Refusal[] | undefined) ?? [],
    };
  };

  return {
    get,

    async record(batch, chunks) {
      const { refused, ...header } = batch;
      try {
        await documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...headerKey(batch.id),
                    ...header,
                    // Listed for the sweep until every chunk is queued.
                    ...(chunks.length > 0
                      ? { gsi2pk: QUEUEING, gsi2sk: `${batch.createdAt}#${batch.id}` }
                      : {}),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName: tableName, Item: { ...refusedKey(batch.id), refused } } },
              ...chunks.map((orders, index) => ({
                Put: { TableName: tableName, Item: { ...chunkKey(batch.id, index), orders } },
              })),
            ],
          }),
        );
        return { batch, created: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (error.CancellationReasons?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
        const first = await get(batch.id);
        if (!first) throw error;
        return { batch: first, created: false };
      }
    },

    async chunk(id, index) {
      const result = await documentClient.send(
        new GetCommand({ TableName: tableName, Key: chunkKey(id, index), ConsistentRead: true }),
      );
      return (result.Item?.orders as PayoutOrder[] | undefined) ?? [];
    },

    async markQueued(batch, index) {
      const done = index + 1 >= batch.chunkCount;
      await documentClient
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: headerKey(batch.id),
            UpdateExpression: `SET queuedChunks = :next${done ? ' REMOVE gsi2pk, gsi2sk' : ''}`,
            // A slower sender never moves the cursor back.
            ConditionExpression: 'queuedChunks < :next',
            ExpressionAttributeValues: { ':next': index + 1 },
          }),
        )
        .catch((error: unknown) => {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        });
    },

    async unqueued(before, limit) {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
          ExpressionAttributeValues: { ':pk': QUEUEING, ':before': before },
          Limit: limit,
        }),
      );
      // The index holds the header itself: its cursor is all the sweep needs, so nothing is read again.
      return (result.Items ?? []).map((item) => ({
        id: String(item.id),
        chunkCount: Number(item.chunkCount),
        queuedChunks: Number(item.queuedChunks),
      }));
    },
  };
}
