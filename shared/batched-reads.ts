// Strongly consistent reads that many callers make at the same time go out as one BatchGetItem: the payer reads a
// payment, its reservation and the bank's answer for every order in flight, and one request is far cheaper than many.
import { BatchGetCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo.ts';

type Key = { pk: string; sk: string };
type Item = Record<string, NativeAttributeValue>;

/** DynamoDB's limit of keys per BatchGetItem. */
const MAX_KEYS = 100;
/** Reads never conflict, so a few batches may be on their way at once. */
const IN_FLIGHT = 4;
const UNPROCESSED_ATTEMPTS = 8;

/**
 * A few batches are in flight at a time per table; the reads that arrive meanwhile form the next. Under light load a
 * batch is one key, so nothing waits for company.
 */
export function batchedReads(tableName: string): (key: Key) => Promise<Item | undefined> {
  const waiting = new Map<
    string,
    { key: Key; callers: ((item: Item | undefined, error?: unknown) => void)[] }
  >();
  let inFlight = 0;
  const idOf = (key: { pk?: unknown; sk?: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;

  const read = async (keys: Key[]): Promise<Map<string, Item>> => {
    const found = new Map<string, Item>();
    let pending: Record<string, NativeAttributeValue>[] = keys;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[tableName] ?? []) found.set(idOf(item), item);
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length > 0) {
        if (attempt >= UNPROCESSED_ATTEMPTS) throw new Error(`${pending.length} reads left unprocessed`);
        await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * Math.random()));
      }
    }
    return found;
  };

  const pump = () => {
    if (inFlight >= IN_FLIGHT || waiting.size === 0) return;
    inFlight++;
    const batch = [...waiting.entries()].slice(0, MAX_KEYS);
    for (const [id] of batch) waiting.delete(id);
    void read(batch.map(([, { key }]) => key))
      .then(
        (found) => {
          for (const [id, { callers }] of batch) for (const caller of callers) caller(found.get(id));
        },
        (error: unknown) => {
          for (const [, { callers }] of batch) for (const caller of callers) caller(undefined, error);
        },
      )
      .finally(() => {
        inFlight--;
        pump();
      });
  };

  return (key) =>
    new Promise<Item | undefined>((resolve, reject) => {
      const id = idOf(key);
      const entry = waiting.get(id) ?? { key, callers: [] };
      entry.callers.push((item, error) => (error === undefined ? resolve(item) : reject(error)));
      waiting.set(id, entry);
      pump();
    });
}
