// Blacklist entries beside the enterprise profile they concern, so screening an enterprise is one key read.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../audit/chain.ts';
import type { AuditLog } from '../audit/repository.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { profileKey } from '../enterprises/repository.ts';
import type { Enterprise } from '../enterprises/types.ts';
import type { BlacklistEntry } from './blacklist.ts';

export interface BlacklistRepository {
  /** Every agency's entry for the enterprise. */
  entriesFor(uscc: string): Promise<BlacklistEntry[]>;
  /**
   * The entries and the enterprise's profile, which live in the same partition: one read where the payer screens
   * each order against both.
   */
  standingOf(uscc: string): Promise<{ blacklist: BlacklistEntry[]; enterprise?: Enterprise }>;
  /** One agency's whole list. */
  listOf(agencyId: string): Promise<BlacklistEntry[]>;
  /** Lists or re-lists the enterprise on the agency's list; audited. */
  put(entry: BlacklistEntry, actor: Actor): Promise<void>;
  /** Takes the enterprise off the agency's list; false if it was not on it. Audited. */
  remove(agencyId: string, uscc: string, actor: Actor, at: string): Promise<boolean>;
}

const PREFIX = 'BLACKLIST#';
const entryKey = (uscc: string, agencyId: string) => ({ pk: `ENT#${uscc}`, sk: `${PREFIX}${agencyId}` });
// "<agencyId>:<uscc>", readable in a URL path as it is.
const entityId = (agencyId: string, uscc: string) => `${agencyId}:${uscc}`;

export function dynamoBlacklistRepository(tableName: string, audit: AuditLog): BlacklistRepository {
  const current = async (agencyId: string, uscc: string) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: entryKey(uscc, agencyId), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<BlacklistEntry>(result.Item) : undefined;
  };

  return {
    async entriesFor(uscc) {
      const items = await queryAll({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `ENT#${uscc}`, ':prefix': PREFIX },
        ConsistentRead: true,
      });
      return items.map((item) => withoutKeys<BlacklistEntry>(item));
    },

    async standingOf(uscc) {
      const items = await queryAll({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': profileKey(uscc).pk },
        ConsistentRead: true,
      });
      const profile = items.find((item) => item.sk === profileKey(uscc).sk);
      return {
        blacklist: items
          .filter((item) => String(item.sk).startsWith(PREFIX))
          .map((item) => withoutKeys<BlacklistEntry>(item)),
        ...(profile ? { enterprise: withoutKeys<Enterprise>(profile) } : {}),
      };
    },

    async listOf(agencyId) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `${PREFIX}${agencyId}` },
      });
      return items.map((item) => withoutKeys<BlacklistEntry>(item));
    },

    async put(entry, actor) {
      await audit.write(async () => {
        const before = await current(entry.agencyId, entry.uscc);
        return {
          items: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...entryKey(entry.uscc, entry.agencyId),
                  gsi1pk: `${PREFIX}${entry.agencyId}`,
                  gsi1sk: entry.uscc,
                  ...entry,
                },
              },
            },
          ],
          audit: {
            entityType: 'blacklist',
            entityId: entityId(entry.agencyId, entry.uscc),
            at: entry.listedAt,
            actor,
            action: before ? 'relist' : 'list',
            note: entry.reason,
            before: before ? { ...before } : null,
            after: { ...entry },
          },
        };
      });
    },

    async remove(agencyId, uscc, actor, at) {
      const before = await current(agencyId, uscc);
      if (!before) return false;
      await audit.write(async () => ({
        items: [{ Delete: { TableName: tableName, Key: entryKey(uscc, agencyId) } }],
        audit: {
          entityType: 'blacklist',
          entityId: entityId(agencyId, uscc),
          at,
          actor,
          action: 'delist',
          before: { ...before },
          after: null,
        },
      }));
      return true;
    },
  };
}
