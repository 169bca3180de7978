// Oversight routes: statistics for finance and the leadership, risk warnings for the payer, finance and the leadership.
import { shanghaiDate, yearOf } from '../../shared/dates.ts';
import { ok, type RoutesOf } from '../../shared/http.ts';
import { divisionOf } from '../../shared/principal.ts';
import { filtered, warningsOver } from '../../shared/risk/warnings.ts';
import { type PeriodPorts, periodOf, readPeriod } from './period.ts';
import { type StatsPorts, statistics } from './stats.ts';

export type OversightPorts = PeriodPorts & StatsPorts;

/** Statistics cover a year at most (this year so far unless asked); warnings a quarter (the last 30 days). */
const STATS_MAX_DAYS = 366;
const WARNINGS_MAX_DAYS = 92;
const WARNINGS_DEFAULT_DAYS = 30;

export function oversightRoutes(ports: OversightPorts): RoutesOf<'oversight'> {
  return {
    'GET /stats': async ({ principal, query }) => {
      const now = ports.now();
      const to = query.to ?? shanghaiDate(now);
      const period = periodOf({ from: `${yearOf(to)}-01-01`, to, ...query }, now, 1, STATS_MAX_DAYS);
      return ok(await statistics(ports, await readPeriod(ports, divisionOf(principal), period), now));
    },

    'GET /risk-warnings': async ({ principal, query }) => {
      const period = periodOf(query, ports.now(), WARNINGS_DEFAULT_DAYS, WARNINGS_MAX_DAYS);
      const warnings = filtered(warningsOver(await readPeriod(ports, divisionOf(principal), period)), query);
      const count = (colour: string) => warnings.filter((warning) => warning.colour === colour).length;
      return ok({
        ...period,
        counts: { red: count('red'), yellow: count('yellow'), green: count('green') },
        items: warnings,
      });
    },
  };
}
