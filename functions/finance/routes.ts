// Finance routes: reconciliations and their reports, and settlement of the year's pools.
import { accepted, created, download, ok, type RoutesOf } from '../../shared/http.ts';
import type { Principal } from '../../shared/principal.ts';
import {
  type ReconciliationPorts,
  recentReconciliations,
  reconciliationOf,
  reportCsv,
  reportXlsx,
  requestReconciliation,
  resolveDiscrepancy,
} from './reconciliations.ts';
import { type SettlementPorts, settlementStatement, settlePool, statementCsv } from './settlements.ts';

export type FinancePorts = ReconciliationPorts & SettlementPorts;

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function financeRoutes(ports: FinancePorts): RoutesOf<'finance'> {
  const read = (principal: Principal, id: string) => reconciliationOf(ports, principal, id);
  const fileName = (id: string, extension: string) => `对账报告-${id}.${extension}`;
  return {
    'POST /reconciliations': async ({ principal, body }) =>
      accepted(await requestReconciliation(ports, principal, body)),

    'GET /reconciliations': async ({ principal, query }) =>
      ok(await recentReconciliations(ports, principal, query.limit)),

    'GET /reconciliations/{id}': async ({ principal, path }) => ok(await read(principal, path.id)),

    'GET /reconciliations/{id}/report.csv': async ({ principal, path }) => {
      const reconciliation = await read(principal, path.id);
      return download(fileName(reconciliation.id, 'csv'), CSV, reportCsv(reconciliation));
    },

    'GET /reconciliations/{id}/report.xlsx': async ({ principal, path }) => {
      const reconciliation = await read(principal, path.id);
      return download(fileName(reconciliation.id, 'xlsx'), XLSX, await reportXlsx(reconciliation));
    },

    'POST /settlements': async ({ principal, body }) => {
      const settlement = await settlePool(ports, principal, body);
      // Settling a settled pool again answers with its settlement, and says so.
      return settlement.repeated ? ok(settlement) : created(settlement);
    },

    'GET /settlements/{year}': async ({ principal, path }) =>
      ok(await settlementStatement(ports, principal, path.year)),

    'GET /settlements/{year}/statement.csv': async ({ principal, path }) => {
      const found = await settlementStatement(ports, principal, path.year);
      return download(`清算报表-${found.divisionCode}-${found.year}.csv`, CSV, statementCsv(found));
    },

    'POST /reconciliations/{id}/discrepancies/{seq}/resolve': async ({ principal, path, body }) =>
      ok(await resolveDiscrepancy(ports, principal, path.id, path.seq, body.note)),
  };
}
