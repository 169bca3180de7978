// The catalog's storage port and its DynamoDB adapter: current policies under their division, every version kept.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Actor, changedFields } from '../audit/chain.ts';
import { type AuditLog, ChangeRefused } from '../audit/repository.ts';
import { divisionOfId, divisionOfPolicy } from '../division.ts';
import { decodeCursor, documentClient, encodeCursor, queryAll, withoutKeys } from '../dynamo.ts';
import { conflict, DomainError } from '../errors.ts';
import type { Catalog } from './dingnan.ts';
import type { Department, Mode, Policy, PolicyStatus } from './types.ts';

/** A policy's guide as it stood in one version. */
export type PolicyVersion = Omit<Policy, 'status'>;

export interface PolicyQuery {
  divisionCode: string;
  mode?: Mode;
  departmentId?: string;
  /** Part of the item's or its group's Chinese name. */
  keyword?: string;
  /** Only items in force on this date (YYYY-MM-DD). */
  effectiveOn?: string;
  status: PolicyStatus;
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CatalogRepository {
  listPolicies(query: PolicyQuery): Promise<Page<Policy>>;
  getPolicy(id: string): Promise<Policy | undefined>;
  /** A version as it was in force; cases keep the version they were filed under. */
  getPolicyVersion(id: string, version: number): Promise<PolicyVersion | undefined>;
  getDepartment(id: string): Promise<Department | undefined>;
  listDepartments(divisionCode: string): Promise<Department[]>;
  /** Stores a new item as version 1 (409 if the id is taken). */
  createPolicy(policy: Policy, actor: Actor): Promise<Policy>;
  /** Stores `next` as the new current version, provided `current` is still the one in store (409 otherwise). */
  replacePolicy(current: Policy, next: Policy, actor: Actor, action: string, note?: string): Promise<Policy>;
  /** Writes items that are not there yet; never overwrites what admins have since changed. */
  seed(catalog: Catalog, actor: Actor): Promise<{ written: number; kept: number }>;
}

const divisionKey = (divisionCode: string) => `DIV#${divisionCode}`;
const POLICY_PREFIX = 'POLICY#';
const DEPARTMENT_PREFIX = 'DEPT#';
/** Far longer than any policy id ("360728-019"), far shorter than DynamoDB's 1 KB sort key. */
const MAX_CURSOR_SORT_KEY = 128;
const currentKey = (policy: Pick<Policy, 'id' | 'divisionCode'>) => ({
  pk: divisionKey(policy.divisionCode),
  sk: `${POLICY_PREFIX}${policy.id}`,
});
// Versions live under the policy's own key, so listing a division never reads them.
const versionKey = (id: string, version: number) => ({
  pk: `${POLICY_PREFIX}${id}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});

const invalidCursor = () => new DomainError('INVALID_CURSOR', 400, '分页游标无效，请从第一页重新查询');
const policyChanged = (id: string) =>
  conflict('POLICY_CHANGED', '政策事项已被他人修改或状态已变化，请刷新后重试', { policyId: id });

/** The audit record of a policy omits nothing: a guide is small and every field of it is binding. */
const auditOf = (policy: Policy) => ({ ...policy }) as unknown as Record<string, unknown>;

export function dynamoCatalogRepository(tableName: string, audit: AuditLog): CatalogRepository {
  const cursorFor = (query: PolicyQuery) => {
    try {
      const key = decodeCursor(query.cursor);
      // A cursor from another division or table shape would silently skip data, and one that is not a policy's own
      // key is refused by DynamoDB as a start key: refuse both here.
      const policyKey =
        key &&
        Object.keys(key).length === 2 &&
        key.pk === divisionKey(query.divisionCode) &&
        typeof key.sk === 'string' &&
        key.sk.startsWith(POLICY_PREFIX) &&
        key.sk.length <= MAX_CURSOR_SORT_KEY;
      if (key && !policyKey) throw invalidCursor();
      return key;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw invalidCursor();
    }
  };

  const get = async <T>(key: { pk: string; sk: string }) => {
    const result = await documentClient.send(new GetCommand({ TableName: tableName, Key: key }));
    return result.Item ? withoutKeys<T>(result.Item) : undefined;
  };

  // A version is the guide as written; the item's status lives on the current record only.
  const putVersion = ({ status: _status, ...version }: Policy) => ({
    Put: {
      TableName: tableName,
      Item: { ...versionKey(version.id, version.version), ...version },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });

  const create = async (policy: Policy, actor: Actor) => {
    await audit.write(async () => ({
      items: [
        {
          Put: {
            TableName: tableName,
            Item: { ...currentKey(policy), ...policy },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        putVersion(policy),
      ],
      audit: {
        entityType: 'policy',
        entityId: policy.id,
        at: policy.updatedAt,
        actor,
        action: 'create',
        before: null,
        after: auditOf(policy),
      },
    }));
    return policy;
  };

  return {
    async listPolicies(query) {
      const filters = ['#status = :status'];
      const names: Record<string, string> = { '#status': 'status' };
      const values: Record<string, unknown> = {
        ':pk': divisionKey(query.divisionCode),
        ':prefix': POLICY_PREFIX,
        ':status': query.status,
      };
      if (query.mode) {
        filters.push('#mode = :mode');
        names['#mode'] = 'mode';
        values[':mode'] = query.mode;
      }
      if (query.departmentId) {
        filters.push('departmentId = :departmentId');
        values[':departmentId'] = query.departmentId;
      }
      if (query.keyword) {
        filters.push('(contains(#name, :keyword) OR contains(groupName, :keyword))');
        names['#name'] = 'name';
        values[':keyword'] = query.keyword;
      }
      if (query.effectiveOn) {
        filters.push('effectiveFrom <= :on AND (attribute_not_exists(effectiveTo) OR effectiveTo >= :on)');
        values[':on'] = query.effectiveOn;
      }
      const items: Policy[] = [];
      let startKey = cursorFor(query);
      // DynamoDB limits before filtering, so keep reading until the page is full or the division is exhausted.
      do {
        const input: QueryCommandInput = {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: filters.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
          Limit: query.limit - items.length,
        };
        const page = await documentClient.send(new QueryCommand(input));
        for (const item of page.Items ?? []) items.push(withoutKeys<Policy>(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey && items.length < query.limit);
      return { items, nextCursor: encodeCursor(startKey) };
    },

    getPolicy: (id) => get<Policy>(currentKey({ id, divisionCode: divisionOfPolicy(id) })),

    getPolicyVersion: (id, version) => get<PolicyVersion>(versionKey(id, version)),

    getDepartment: (id) =>
      get<Department>({ pk: divisionKey(divisionOfId(id) ?? ''), sk: `${DEPARTMENT_PREFIX}${id}` }),

    async listDepartments(divisionCode) {
      const items = await queryAll({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': divisionKey(divisionCode), ':prefix': DEPARTMENT_PREFIX },
      });
      return items.map((item) => withoutKeys<Department>(item));
    },

    async createPolicy(policy, actor) {
      try {
        return await create(policy, actor);
      } catch (error) {
        if (error instanceof ChangeRefused)
          throw conflict('POLICY_EXISTS', '该序号的政策事项已存在', { policyId: policy.id });
        throw error;
      }
    },

    async replacePolicy(current, next, actor, action, note) {
      const newVersion = next.version !== current.version;
      try {
        await audit.write(async () => ({
          items: [
            {
              Put: {
                TableName: tableName,
                Item: { ...currentKey(next), ...next },
                // Optimistic concurrency: the write stands only if nobody changed the item since it was read.
                ConditionExpression: '#version = :version AND #status = :status',
                ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
                ExpressionAttributeValues: { ':version': current.version, ':status': current.status },
              },
            },
            ...(newVersion ? [putVersion(next)] : []),
          ],
          audit: {
            entityType: 'policy',
            entityId: next.id,
            at: next.updatedAt,
            actor,
            action,
            ...(note ? { note } : {}),
            ...changedFields(auditOf(current), auditOf(next)),
          },
        }));
        return next;
      } catch (error) {
        if (error instanceof ChangeRefused) throw policyChanged(next.id);
        throw error;
      }
    },

    async seed(catalog, actor) {
      let written = 0;
      for (const department of catalog.departments) {
        await documentClient
          .send(
            new PutCommand({
              TableName: tableName,
              Item: {
                pk: divisionKey(department.divisionCode),
                sk: `${DEPARTMENT_PREFIX}${department.id}`,
                ...department,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          )
          .then(() => written++)
          .catch((error: unknown) => {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          });
      }
      for (const policy of catalog.policies) {
        await create(policy, actor)
          .then(() => written++)
          .catch((error: unknown) => {
            if (!(error instanceof ChangeRefused)) throw error;
          });
      }
      return { written, kept: catalog.departments.length + catalog.policies.length - written };
    },
  };
}
