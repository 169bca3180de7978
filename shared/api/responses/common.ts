// The few value kinds every response shares: money in fen, instants and calendar dates as the API writes them.
import * as z from 'zod';

/** An amount of money: integer fen (分), never yuan with decimals; signed where money can flow back. */
const fenAmount = z.number().int().describe('金额，整数，单位：分');

/** A moment as the platform stamps it (Date.toISOString, UTC). */
const instant = z.string().describe('时间，ISO 8601（UTC）');

/** A calendar day in Asia/Shanghai, the day every time limit is counted by. */
const calendarDate = z.string().describe('日期，YYYY-MM-DD（北京时间）');

/** A count of things (cases, payments, entries). */
const count = z.number().int().nonnegative();

/** Who acted, as records name them: "role:subject" for people, "system:…" for the platform's own steps. */
const actorName = z.string().describe('操作人，一般为“角色:标识”');

export { actorName, calendarDate, count, fenAmount, instant };
