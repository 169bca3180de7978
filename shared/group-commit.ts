// Group commit: conditional writes that many callers make at the same time go to DynamoDB as one transaction, so an
// item every payment touches (a pool account) is written once per group, not once per payment. A refused group is
// never forced through: the entries whose own items failed their conditions go back to their callers, who write them
// alone and read the refusal exactly as they would have without the group; the innocent rest form the next group.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './dynamo.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A group's transaction, with the entries each item came from: a refused item sends all of them back alone. */
export interface GroupWrite<E> {
  items: TransactItem[];
  owners: E[][];
}

export interface GroupCommitOptions<E> {
  /** Builds one transaction from entries whose `keysOf` do not overlap. */
  build(entries: E[]): GroupWrite<E>;
  /** Items an entry writes that no other entry of the group may write (DynamoDB refuses two writes to one item). */
  keysOf(entry: E): string[];
  /** Entries per group (a group is also trimmed to DynamoDB's 100 items per transaction). */
  maxEntries: number;
  /** Groups on their way at once: one where every group writes the same item (a pool), more where none do. */
  inFlight: number;
}

/** `committed`: written with its group. `alone`: the caller writes it by itself, and its own conditions decide. */
export type GroupOutcome = 'committed' | 'alone';

const CONTENTION_ATTEMPTS = 4;
/** DynamoDB's limit of items per transaction. */
const MAX_ITEMS = 100;

interface Waiting<E> {
  entry: E;
  keys: string[];
  resolve(outcome: GroupOutcome): void;
}

/**
 * While groups are in flight, whatever arrives forms the next. Under light load a group is one entry
 * (no waiting at all); under heavy load groups grow, which is when they pay.
 */
export function groupCommit<E>(options: GroupCommitOptions<E>): (entry: E) => Promise<GroupOutcome> {
  let waiting: Waiting<E>[] = [];
  let inFlight = 0;

  const take = (): Waiting<E>[] => {
    const taken: Waiting<E>[] = [];
    const keys = new Set<string>();
    const rest: Waiting<E>[] = [];
    for (const next of waiting) {
      if (taken.length < options.maxEntries && next.keys.every((key) => !keys.has(key))) {
        taken.push(next);
        for (const key of next.keys) keys.add(key);
      } else rest.push(next);
    }
    // Merged items (a shared account) make a group's size known only once built: trim it to DynamoDB's limit.
    while (taken.length > 1 && options.build(taken.map((member) => member.entry)).items.length > MAX_ITEMS)
      rest.unshift(taken.pop() as Waiting<E>);
    waiting = rest;
    return taken;
  };

  const commit = async (group: Waiting<E>[]) => {
    try {
      await commitOrReturn(group);
    } catch {
      // Building the group failed: each caller writes alone and meets the cause itself.
    }
    // Whatever was not committed is written by its caller alone (resolving twice changes nothing).
    for (const member of group) member.resolve('alone');
  };

  const commitOrReturn = async (group: Waiting<E>[]) => {
    let members = group;
    for (let attempt = 1; members.length > 0; attempt++) {
      const write = options.build(members.map((member) => member.entry));
      try {
        await documentClient.send(new TransactWriteCommand({ TransactItems: write.items }));
        for (const member of members) member.resolve('committed');
        return;
      } catch (error) {
        // Anything but a cancellation (throttling, a network error): every caller tries alone and meets it itself.
        if (!(error instanceof TransactionCanceledException)) break;
        const refused = new Set<E>();
        for (const [index, reason] of (error.CancellationReasons ?? []).entries()) {
          if (reason.Code === 'ConditionalCheckFailed')
            for (const entry of write.owners[index] ?? []) refused.add(entry);
        }
        if (refused.size === 0) {
          // Contention only: the same conditional writes again are safe.
          if (attempt >= CONTENTION_ATTEMPTS) break;
          await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * Math.random()));
          continue;
        }
        for (const member of members) if (refused.has(member.entry)) member.resolve('alone');
        members = members.filter((member) => !refused.has(member.entry));
      }
    }
  };

  const pump = () => {
    if (inFlight >= options.inFlight || waiting.length === 0) return;
    inFlight++;
    void commit(take()).finally(() => {
      inFlight--;
      pump();
    });
  };

  return (entry) =>
    new Promise<GroupOutcome>((resolve) => {
      waiting.push({ entry, keys: options.keysOf(entry), resolve });
      pump();
    });
}

/** The table and key of the item a transaction item writes, as one string. */
export function itemKeyOf(item: TransactItem): string {
  const write = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
  const key = item.Put
    ? { pk: item.Put.Item?.pk, sk: item.Put.Item?.sk }
    : (write as { Key?: Record<string, unknown> })?.Key;
  return `${write?.TableName}|${String(key?.pk)}|${String(key?.sk)}`;
}

let sharedWrites: ((item: TransactItem) => Promise<GroupOutcome>) | undefined;

/**
 * Independent single-item conditional writes (a payment's record, a bank instruction, a notice), grouped across every
 * repository of the process and whatever table they are in: DynamoDB charges each transaction a fixed cost on top of
 * its items, so one transaction carrying many payments' writes is cheaper than one per repository.
 */
export const groupedWrites = () =>
  (sharedWrites ??= groupCommit<TransactItem>({
    build: (items) => ({ items, owners: items.map((item) => [item]) }),
    keysOf: (item) => [itemKeyOf(item)],
    maxEntries: MAX_ITEMS,
    inFlight: 1,
  }));
