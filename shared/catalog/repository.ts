// The catalog's storage port and its DynamoDB adapter (policies and departments under their division).

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, documentClient, encodeCursor, queryAll } from '../dynamo.ts';
import { DomainError } from '../errors.ts';
import type { Catalog } from './dingnan.ts';
import type { Department, Mode, Policy } from './types.ts';

export interface PolicyQuery {
  divisionCode: string;
  mode?: Mode;
  departmentId?: string;
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
  listDepartments(divisionCode: string): Promise<Department[]>;
  /** Writes items that are not there yet; never overwrites what admins have since changed. */
  seed(catalog: Catalog): Promise<{ written: number; kept: number }>;
}

const divisionKey = (divisionCode: string) => `DIV#${divisionCode}`;
const POLICY_PREFIX = 'POLICY#';
const DEPARTMENT_PREFIX = 'DEPT#';

const invalidCursor = () => new DomainError('INVALID_CURSOR', 400, '分页游标无效，请从第一页重新查询');

const stripKeys = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
};

export function dynamoCatalogRepository(tableName: string): CatalogRepository {
  const cursorFor = (query: PolicyQuery) => {
    try {
      const key = decodeCursor(query.cursor);
      // A cursor from another division or table shape would silently skip data: refuse it.
      if (key && (key.pk !== divisionKey(query.divisionCode) || typeof key.sk !== 'string'))
        throw invalidCursor();
      return key;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw invalidCursor();
    }
  };

  return {
    async listPolicies(query) {
      const filters: string[] = [];
      const values: Record<string, unknown> = {
        ':pk': divisionKey(query.divisionCode),
        ':prefix': POLICY_PREFIX,
      };
      if (query.mode) {
        filters.push('#mode = :mode');
        values[':mode'] = query.mode;
      }
      if (query.departmentId) {
        filters.push('departmentId = :departmentId');
        values[':departmentId'] = query.departmentId;
      }
      const items: Policy[] = [];
      let startKey = cursorFor(query);
      // DynamoDB limits before filtering, so keep reading until the page is full or the division is exhausted.
      do {
        const input: QueryCommandInput = {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
          Limit: query.limit - items.length,
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(query.mode ? { ExpressionAttributeNames: { '#mode': 'mode' } } : {}),
        };
        const page = await documentClient.send(new QueryCommand(input));
        for (const item of page.Items ?? []) items.push(stripKeys<Policy>(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey && items.length < query.limit);
      return { items, nextCursor: encodeCursor(startKey) };
    },

    async getPolicy(id) {
      const divisionCode = id.split('-')[0] ?? '';
      const result = await documentClient.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: divisionKey(divisionCode), sk: `${POLICY_PREFIX}${id}` },
        }),
      );
      return result.Item ? stripKeys<Policy>(result.Item) : undefined;
    },

    async listDepartments(divisionCode) {
      const items = await queryAll({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': divisionKey(divisionCode), ':prefix': DEPARTMENT_PREFIX },
      });
      return items.map((item) => stripKeys<Department>(item));
    },

    async seed(catalog) {
      const rows = [
        ...catalog.departments.map((d) => ({
          pk: divisionKey(d.divisionCode),
          sk: `${DEPARTMENT_PREFIX}${d.id}`,
          ...d,
        })),
        ...catalog.policies.map((p) => ({
          pk: divisionKey(p.divisionCode),
          sk: `${POLICY_PREFIX}${p.id}`,
          ...p,
        })),
      ];
      let written = 0;
      for (const row of rows) {
        try {
          await documentClient.send(
            new PutCommand({
              TableName: tableName,
              Item: row,
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          written++;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      return { written, kept: rows.length - written };
    },
  };
}
