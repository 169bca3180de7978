// Calendar years loaded through the API, kept beside the catalog; the bundled chinese-days years need no storage.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../audit/chain.ts';
import type { AuditLog } from '../audit/repository.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import type { CalendarYear } from './types.ts';
import { type WorkingCalendar, workingCalendar } from './working-days.ts';

export interface CalendarRepository {
  loadedYears(): Promise<CalendarYear[]>;
  /** Stores a year as published, replacing an earlier load; audited. */
  loadYear(year: CalendarYear, actor: Actor, at: string): Promise<void>;
  /** The calendar every due date is counted on: bundled years, overridden by loaded ones. */
  calendar(): Promise<WorkingCalendar>;
}

const CALENDAR = 'CALENDAR';
const yearKey = (year: number) => ({ pk: CALENDAR, sk: `YEAR#${year}` });

export function dynamoCalendarRepository(tableName: string, audit: AuditLog): CalendarRepository {
  const loadedYears = async () =>
    (
      await queryAll({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CALENDAR },
      })
    ).map((item) => withoutKeys<CalendarYear>(item, 'loadedAt', 'loadedBy'));

  return {
    loadedYears,

    async loadYear(year, actor, at) {
      await audit.write(async () => {
        const previous = await documentClient.send(
          new GetCommand({ TableName: tableName, Key: yearKey(year.year), ConsistentRead: true }),
        );
        return {
          items: [
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...yearKey(year.year),
                  ...year,
                  loadedAt: at,
                  loadedBy: `${actor.role}:${actor.subject}`,
                },
              },
            },
          ],
          audit: {
            entityType: 'calendar',
            entityId: String(year.year),
            at,
            actor,
            action: previous.Item ? 'reload' : 'load',
            before: previous.Item ? withoutKeys<Record<string, unknown>>(previous.Item) : null,
            after: { ...year },
          },
        };
      });
    },

    async calendar() {
      return workingCalendar(await loadedYears());
    },
  };
}
