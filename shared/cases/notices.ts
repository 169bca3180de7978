// Notices to enterprises (办理结果通知), kept in the case table under the enterprise, newest first.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../dynamo.ts';
import { groupedWrites } from '../group-commit.ts';
import { withoutTokens } from './items.ts';
import type { Notice } from './types.ts';

export interface NoticeStore {
  /** The enterprise's notices, newest first. */
  listNotices(uscc: string, limit: number): Promise<Notice[]>;
  /** Writes a notice that no case change carries (a whitelist payment's); the same notice again overwrites it. */
  notify(notice: Notice): Promise<void>;
}

/** Keyed by what it tells, so telling again rewrites the same notice. */
export const noticeItem = (notice: Notice) => ({
  pk: `NOTICE#${notice.uscc}`,
  sk: `${notice.at}#${notice.paymentId ?? notice.caseId}#${notice.kind}`,
  ...notice,
});

export function dynamoNoticeStore(tableName: string): NoticeStore {
  // The payer tells many enterprises at once: their notices are written in groups.
  const together = groupedWrites();
  return {
    async notify(notice) {
      const put = { TableName: tableName, Item: noticeItem(notice) };
      if ((await together({ Put: put })) === 'committed') return;
      await documentClient.send(new PutCommand(put));
    },

    async listNotices(uscc, limit) {
      const result = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `NOTICE#${uscc}` },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => withoutTokens<Notice>(item));
    },
  };
}
