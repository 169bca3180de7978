// Oversight routes: statistics for finance and the leadership, risk warnings for the payer, finance and the leadership.
import { shanghaiDate } from '../../shared/dates.ts';
import { type HttpEvent, type HttpResult, ok } from '../../shared/http.ts';
import { divisionOf, principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { type PeriodPorts, periodOf, readPeriod } from './period.ts';
import { filtered, riskWarningQuery, riskWarnings } from './risk-warnings.ts';
import { type StatsPorts, statistics, statsQuery } from './stats.ts';

export type OversightPorts = PeriodPorts & StatsPorts;

/** Statistics cover a year at most (this year so far unless asked); warnings a quarter (the last 30 days). */
const STATS_MAX_DAYS = 366;
const WARNINGS_MAX_DAYS = 92;
const WARNINGS_DEFAULT_DAYS = 30;

export function oversightRoutes(ports: OversightPorts) {
  return {
    'GET /stats': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'finance', 'admin');
      const query = parseWith(statsQuery, event.queryStringParameters ?? {});
      const now = ports.now();
      const to = query.to ?? shanghaiDate(now);
      const period = periodOf({ from: `${to.slice(0, 4)}-01-01`, to, ...query }, now, 1, STATS_MAX_DAYS);
      return ok(await statistics(ports, await readPeriod(ports, divisionOf(principal), period), now));
    },

    'GET /risk-warnings': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'payer', 'finance', 'admin');
      const query = parseWith(riskWarningQuery, event.queryStringParameters ?? {});
      const period = periodOf(query, ports.now(), WARNINGS_DEFAULT_DAYS, WARNINGS_MAX_DAYS);
      const warnings = filtered(riskWarnings(await readPeriod(ports, divisionOf(principal), period)), query);
      const count = (colour: string) => warnings.filter((warning) => warning.colour === colour).length;
      return ok({
        ...period,
        counts: { red: count('red'), yellow: count('yellow'), green: count('green') },
        items: warnings,
      });
    },
  };
}
