// Finance routes: reconciliations and their reports, and settlement of the year's pools.
import * as z from 'zod';
import {
  accepted,
  created,
  download,
  type HttpEvent,
  type HttpResult,
  jsonBody,
  ok,
} from '../../shared/http.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { reconciliationBody, resolutionBody } from '../../shared/reconciliations/reconciliation.ts';
import { parseWith } from '../../shared/validation.ts';
import {
  type ReconciliationPorts,
  reconciliationOf,
  reportCsv,
  reportXlsx,
  requestReconciliation,
  resolveDiscrepancy,
} from './reconciliations.ts';
import {
  type SettlementPorts,
  settlementBody,
  settlementStatement,
  settlementYearPath,
  settlePool,
  statementCsv,
} from './settlements.ts';

const idPath = z.object({ id: z.string().min(1).max(200) });
const discrepancyPath = idPath.extend({ seq: z.coerce.number().int().min(1).max(10_000_000) });

export type FinancePorts = ReconciliationPorts & SettlementPorts;

export function financeRoutes(ports: FinancePorts) {
  const read = async (event: HttpEvent) => {
    const principal = principalOf(event);
    requireRole(principal, 'finance', 'admin');
    const { id } = parseWith(idPath, { id: event.pathParameters?.id });
    return reconciliationOf(ports, principal, id);
  };
  const fileName = (id: string, extension: string) => `对账报告-${id}.${extension}`;
  const statement = async (event: HttpEvent) => {
    const principal = principalOf(event);
    requireRole(principal, 'finance', 'admin');
    const { year } = parseWith(settlementYearPath, { year: event.pathParameters?.year });
    return settlementStatement(ports, principal, year);
  };
  return {
    'POST /reconciliations': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'finance');
      return accepted(
        await requestReconciliation(ports, principal, parseWith(reconciliationBody, jsonBody(event))),
      );
    },

    'GET /reconciliations/{id}': async (event: HttpEvent): Promise<HttpResult> => ok(await read(event)),

    'GET /reconciliations/{id}/report.csv': async (event: HttpEvent): Promise<HttpResult> => {
      const reconciliation = await read(event);
      return download(
        fileName(reconciliation.id, 'csv'),
        'text/csv; charset=utf-8',
        reportCsv(reconciliation),
      );
    },

    'GET /reconciliations/{id}/report.xlsx': async (event: HttpEvent): Promise<HttpResult> => {
      const reconciliation = await read(event);
      return download(
        fileName(reconciliation.id, 'xlsx'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        await reportXlsx(reconciliation),
      );
    },

    'POST /settlements': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'finance');
      const settlement = await settlePool(ports, principal, parseWith(settlementBody, jsonBody(event)));
      // Settling a settled pool again answers with its settlement, and says so.
      return settlement.repeated ? ok(settlement) : created(settlement);
    },

    'GET /settlements/{year}': async (event: HttpEvent): Promise<HttpResult> => ok(await statement(event)),

    'GET /settlements/{year}/statement.csv': async (event: HttpEvent): Promise<HttpResult> => {
      const found = await statement(event);
      return download(
        `清算报表-${found.divisionCode}-${found.year}.csv`,
        'text/csv; charset=utf-8',
        statementCsv(found),
      );
    },

    'POST /reconciliations/{id}/discrepancies/{seq}/resolve': async (
      event: HttpEvent,
    ): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'finance');
      const { id, seq } = parseWith(discrepancyPath, event.pathParameters ?? {});
      const { note } = parseWith(resolutionBody, jsonBody(event));
      return ok(await resolveDiscrepancy(ports, principal, id, seq, note));
    },
  };
}
