// The enterprise store: one profile per USCC, written with its audit event; accounts indexed to spot shared ones.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Actor, changedFields } from '../audit/chain.ts';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { documentClient, withoutKeys } from '../dynamo.ts';
import { conflict } from '../errors.ts';
import type { Enterprise } from './types.ts';

export interface EnterpriseRepository {
  get(uscc: string): Promise<Enterprise | undefined>;
  /** Stores `next`, provided the stored profile is still `current` (or absent when `current` is undefined). */
  save(current: Enterprise | undefined, next: Enterprise, actor: Actor): Promise<Enterprise>;
}

export const profileKey = (uscc: string) => ({ pk: `ENT#${uscc}`, sk: 'PROFILE' });

export function dynamoEnterpriseRepository(tableName: string, audit: AuditLog): EnterpriseRepository {
  return {
    async get(uscc) {
      const result = await documentClient.send(
        new GetCommand({ TableName: tableName, Key: profileKey(uscc) }),
      );
      return result.Item ? withoutKeys<Enterprise>(result.Item) : undefined;
    },

    async save(current, next, actor) {
      try {
        await audit.write(async () => ({
          items: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...profileKey(next.uscc),
                  // Every enterprise paid into one account is one query away: a shared account is a risk.
                  gsi1pk: `ACCOUNT#${next.bankAccount.accountNo}`,
                  gsi1sk: `ENT#${next.uscc}`,
                  ...next,
                },
                ...(current
                  ? {
                      ConditionExpression: 'updatedAt = :seen',
                      ExpressionAttributeValues: { ':seen': current.updatedAt },
                    }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
          ],
          audit: {
            entityType: 'enterprise',
            entityId: next.uscc,
            at: next.updatedAt,
            actor,
            action: current ? 'update' : 'register',
            ...changedFields(
              current as unknown as Record<string, unknown> | undefined,
              next as unknown as Record<string, unknown>,
            ),
          },
        }));
        return next;
      } catch (error) {
        if (error instanceof ChangeRefused)
          throw conflict('ENTERPRISE_CHANGED', '企业信息已被同时修改，请刷新后重试', { uscc: next.uscc });
        throw error;
      }
    },
  };
}
