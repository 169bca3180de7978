// What cases and review tasks share as items of the case table: the month and date indexes, authors, tokens kept back.
import type { Actor } from '../audit/chain.ts';
import { shanghaiDate } from '../dates.ts';
import { queryAll, withoutKeys } from '../dynamo.ts';

type MonthKind = 'FILED' | 'TASKS';

/** Task and parked tokens resume a chain; they never leave the server. */
export const withoutTokens = <T>(item: Record<string, unknown>): T =>
  withoutKeys<T>(item, 'taskToken', 'parkedToken');

/**
 * Cases and tasks by division and month of filing (opening), so statistics read a period by key ranges. A task's
 * division is its assignee's: department and agency ids start with their division code.
 */
export const monthIndex = (kind: MonthKind, divisionCode: string, at: string, id: string) => ({
  gsi3pk: `${kind}#${divisionCode}#${shanghaiDate(new Date(at)).slice(0, 7)}`,
  gsi3sk: `${at}#${id}`,
});

/** Everything a division filed (or opened) in a month (YYYY-MM, Asia/Shanghai). */
export const byMonth = async <T>(tableName: string, kind: MonthKind, divisionCode: string, month: string) =>
  (
    await queryAll({
      TableName: tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': `${kind}#${divisionCode}#${month}` },
    })
  ).map((item) => withoutTokens<T>(item));

/**
 * Everything listed under a key of the dated index up to and including a day (YYYY-MM-DD): announcements by their
 * last day, open tasks by their due date. Sort keys are "date#id", and '#' sorts before '~'.
 */
export const datedUpTo = async <T>(tableName: string, list: string, date: string) =>
  (
    await queryAll({
      TableName: tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :after',
      ExpressionAttributeValues: { ':pk': list, ':after': `${date}~` },
    })
  ).map((item) => withoutTokens<T>(item));

/** Timeline entries name their author as "role:subject". */
export const actorOf = (by: string): Actor => {
  const split = by.indexOf(':');
  return split < 0
    ? { role: 'system', subject: by }
    : { role: by.slice(0, split), subject: by.slice(split + 1) };
};
