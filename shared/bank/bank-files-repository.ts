// Bank files and outbox lines in the ledger table. A payment file's lines are found by the file (gsi1); imported
// returns and statement lines are kept by day on the same indexes the simulated bank's book uses, so the sweep and
// reconciliation read either bank the same way.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchedReads } from '../batched-reads.ts';
import { shanghaiDate } from '../dates.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { groupedWrites, type TransactItem } from '../group-commit.ts';
import type { BankFileRecord, BankFileStore, BankLineStore } from './bank-files.ts';
import { type BankLine, bankLineKey } from './file-exchange.ts';

const fileKey = (id: string) => ({ pk: `BANKFILE#${id}`, sk: 'FILE' });
const listIndex = (record: Pick<BankFileRecord, 'divisionCode' | 'kind' | 'createdAt' | 'id'>) => ({
  gsi2pk: `BANKFILES#${record.divisionCode}#${record.kind}`,
  gsi2sk: `${record.createdAt}#${record.id}`,
});
const fileLinesIndex = (fileId: string) => `BANKFILE_LINES#${fileId}`;
const answeredIndex = (fileId: string) => `BANKFILE_ANSWERED#${fileId}`;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export function dynamoBankFileStore(tableName: string): BankFileStore {
  const read = async (id: string) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: fileKey(id), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<BankFileRecord>(result.Item) : undefined;
  };
  return {
    get: read,

    async createOnce(record) {
      try {
        await documentClient.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...fileKey(record.id), ...listIndex(record), ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return record;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return (await read(record.id)) ?? record;
      }
    },

    async finish(id, from, fields) {
      const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: tableName,
            Key: fileKey(id),
            UpdateExpression: `SET ${entries.map(([name]) => `#${name} = :${name}`).join(', ')}`,
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: {
              '#status': 'status',
              ...Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
            },
            ExpressionAttributeValues: {
              ':from': from,
              ...Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async list({ divisionCode, kind, from, to }) {
      const kinds = kind ? [kind] : (['payment', 'result', 'return', 'statement'] as const);
      // Asia/Shanghai dates as instants: a day starts at 16:00 UTC the day before.
      const after = from ? new Date(Date.parse(`${from}T00:00:00+08:00`)).toISOString() : '0';
      const before = to ? new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000).toISOString() : '9';
      const lists = await Promise.all(
        kinds.map((each) =>
          queryAll({
            TableName: tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :after AND :before',
            ExpressionAttributeValues: {
              ':pk': `BANKFILES#${divisionCode}#${each}`,
              ':after': after,
              ':before': before,
            },
            ScanIndexForward: false,
          }),
        ),
      );
      return lists
        .flat()
        .map((item) => withoutKeys<BankFileRecord>(item))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    async recordDownload(id, download) {
      try {
        const result = await documentClient.send(
          new UpdateCommand({
            TableName: tableName,
            Key: fileKey(id),
            UpdateExpression: 'SET downloads = list_append(if_not_exists(downloads, :none), :download)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':none': [], ':download': [download] },
            ReturnValues: 'ALL_OLD',
          }),
        );
        return result.Attributes ? withoutKeys<BankFileRecord>(result.Attributes) : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
  };
}

export function dynamoBankLineStore(tableName: string): BankLineStore {
  // Thousands of lines move at once when a file is made or a result applied: their writes go in groups.
  const together = groupedWrites();
  const readLine = batchedReads(tableName);
  /** One conditional write, grouped; a refused one is tried alone to tell a condition from a lost group. */
  const once = async (update: NonNullable<TransactItem['Update']>) => {
    if ((await together({ Update: update })) === 'committed') return true;
    try {
      await documentClient.send(new UpdateCommand(update));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
  const putOnce = async (item: Record<string, unknown>) => {
    const put = { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' };
    if ((await together({ Put: put })) === 'committed') return true;
    try {
      await documentClient.send(new PutCommand(put));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
  const lines = (items: Record<string, unknown>[]) => items.map((item) => withoutKeys<BankLine>(item));

  return {
    async queued(divisionCode, upTo) {
      return lines(
        await queryAll({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upTo',
          ExpressionAttributeValues: { ':pk': `BANK_OUTBOX#${divisionCode}`, ':upTo': `${upTo}~` },
        }),
      );
    },

    async file(queued, fileId) {
      await Promise.all(
        queued.map((line) =>
          once({
            TableName: tableName,
            Key: bankLineKey(line.reference),
            UpdateExpression: 'SET #status = :filed, fileId = :file, gsi1pk = :pk',
            ConditionExpression: '#status = :queued',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':filed': 'filed',
              ':queued': 'queued',
              ':file': fileId,
              ':pk': fileLinesIndex(fileId),
            },
          }),
        ),
      );
    },

    async ofFile(fileId) {
      return lines(
        await queryAll({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': fileLinesIndex(fileId) },
        }),
      );
    },

    async answeredBy(fileId) {
      return lines(
        await queryAll({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': answeredIndex(fileId) },
        }),
      );
    },

    async get(references) {
      const found = await Promise.all(references.map((reference) => readLine(bankLineKey(reference))));
      return new Map(
        found.flatMap((item) => (item ? [[String(item.reference), withoutKeys<BankLine>(item)]] : [])),
      );
    },

    answer(reference, { status, reason, fileId, at }, from) {
      return once({
        TableName: tableName,
        Key: bankLineKey(reference),
        // An answered line leaves the outbox and its file's open lines, for the lines the answering file answered.
        UpdateExpression: `SET #status = :status, resultFileId = :file, resultAt = :at, gsi1pk = :answered${reason ? ', reason = :reason' : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':from': from,
          ':file': fileId,
          ':at': at,
          ':answered': answeredIndex(fileId),
          ...(reason ? { ':reason': reason } : {}),
        },
      });
    },

    async putReturn(notice, fileId) {
      const key = { pk: `BANKRETURN#${notice.reference}`, sk: 'RETURN' };
      const stored = await putOnce({
        ...key,
        gsi2pk: `BANK_RETURNS#${shanghaiDate(new Date(notice.at))}`,
        gsi2sk: notice.reference,
        paymentId: notice.paymentId,
        reference: notice.reference,
        amountFen: notice.amountFen,
        reason: notice.reason,
        at: notice.at,
        fileId,
      });
      if (stored) return fileId;
      const existing = await documentClient.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      return String(existing.Item?.fileId ?? '');
    },

    async putStatement(entries, fileId) {
      await Promise.all(
        entries.map((entry) =>
          putOnce({
            pk: `BANKSTATEMENT#${fileId}`,
            sk: String(entry.line).padStart(6, '0'),
            gsi1pk: `BANK_STATEMENT#${shanghaiDate(new Date(entry.at))}`,
            gsi1sk: `${entry.reference}#${fileId}#${entry.line}`,
            paymentId: entry.paymentId,
            reference: entry.reference,
            // As the simulated bank's book keeps it, so one reader serves both (book.ts).
            account: { accountNo: entry.accountNo, accountName: entry.accountName },
            amountFen: entry.amountFen,
            outcome: entry.outcome,
            ...(entry.reason ? { reason: entry.reason } : {}),
            at: entry.at,
            fileId,
          }),
        ),
      );
    },
  };
}
