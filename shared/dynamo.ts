// One DynamoDB document client per process; the endpoint comes from the environment (AWS_ENDPOINT_URL_DYNAMODB locally).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability.ts';

export const documentClient = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});

/** Reads a required environment variable, failing the cold start rather than the first request. */
export function envOf(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Page cursors are DynamoDB keys, opaque to clients. */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('cursor is not a key');
  return parsed as Record<string, unknown>;
}

/** Every item a query matches, page after page; for key ranges known to be small (a division, a day's tasks). */
export async function queryAll(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const KEY_ATTRIBUTE = /^(pk|sk|gsi\d+(pk|sk))$/;

/** An item as the domain sees it: no table or index keys, and none of the named server-side attributes. */
export function withoutKeys<T>(item: Record<string, unknown>, ...hidden: string[]): T {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !KEY_ATTRIBUTE.test(name) && !hidden.includes(name)),
  ) as T;
}
