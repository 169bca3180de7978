// Finance's reconciliations: request one for a period, read its report (JSON, CSV or XLSX with Chinese headers), and
// resolve each discrepancy with a note. A reconciliation belongs to the division it was requested for; its id starts
// with that division's code, and callers outside the division are told it does not exist.
import { csvText } from '../../shared/csv.ts';
import { divisionCovers } from '../../shared/division.ts';
import { conflict, DomainError, notFound } from '../../shared/errors.ts';
import { yuan } from '../../shared/money.ts';
import { actorOf, divisionOf, type Principal } from '../../shared/principal.ts';
import { DISCREPANCY_NAMES, type Reconciliation } from '../../shared/reconciliations/reconciliation.ts';
import type { ReconciliationHeader, ReconciliationStore } from '../../shared/reconciliations/repository.ts';
import { xlsxBytes } from '../../shared/xlsx.ts';

export interface ReconcileQueue {
  send(request: { id: string; divisionCode: string; from: string; to: string }): Promise<void>;
}

export interface ReconciliationPorts {
  reconciliations: ReconciliationStore;
  reconcileQueue: ReconcileQueue;
  now(): Date;
}

/** Records the request first, then queues it: a request whose send failed says so instead of running forever. */
export async function requestReconciliation(
  ports: ReconciliationPorts,
  principal: Principal,
  period: { from: string; to: string },
): Promise<{ id: string }> {
  const divisionCode = divisionOf(principal);
  const at = ports.now();
  const id = `${divisionCode}-${period.from}-${period.to}-${at.getTime().toString(36)}`;
  await ports.reconciliations.start({
    id,
    divisionCode,
    ...period,
    status: 'running',
    requestedBy: `${principal.role}:${principal.subject}`,
    requestedAt: at.toISOString(),
  });
  try {
    await ports.reconcileQueue.send({ id, divisionCode, ...period });
  } catch {
    await ports.reconciliations.fail(id, '对账请求未能排队，请重新发起', ports.now().toISOString());
    throw new DomainError('RECONCILE_UNAVAILABLE', 503, '对账服务暂时不可用，请稍后重新发起');
  }
  return { id };
}

/** The caller's division's latest reconciliations, so a report can be found again without its id. */
export async function recentReconciliations(
  ports: ReconciliationPorts,
  principal: Principal,
  limit: number,
): Promise<{ items: ReconciliationHeader[] }> {
  return { items: await ports.reconciliations.recent(divisionOf(principal), limit) };
}

export async function reconciliationOf(
  ports: ReconciliationPorts,
  principal: Principal,
  id: string,
): Promise<Reconciliation> {
  const reconciliation = await ports.reconciliations.get(id);
  if (!reconciliation || !divisionCovers(divisionOf(principal), reconciliation.divisionCode))
    throw notFound('对账记录');
  return reconciliation;
}

export async function resolveDiscrepancy(
  ports: ReconciliationPorts,
  principal: Principal,
  id: string,
  seq: number,
  note: string,
) {
  const reconciliation = await reconciliationOf(ports, principal, id);
  const discrepancy = reconciliation.discrepancies.find((each) => each.seq === seq);
  if (!discrepancy) throw notFound('对账差异');
  const resolved = await ports.reconciliations.resolve(
    id,
    seq,
    note,
    actorOf(principal),
    ports.now().toISOString(),
  );
  if (!resolved)
    throw conflict('DISCREPANCY_RESOLVED', '该差异已处理', { resolution: discrepancy.resolution });
  return resolved;
}

const yuanOrBlank = (fen: number | undefined) => (fen === undefined ? '' : yuan(fen));

const REPORT_HEADERS = [
  '序号',
  '差异类型',
  '支付单号',
  '资金池',
  '台账金额（元）',
  '银行金额（元）',
  '应付账号',
  '银行付至账号',
  '差异说明',
  '处理状态',
  '处理说明',
  '处理人',
  '处理时间',
];

/** The report as rows under Chinese headers; a clean period is the header row alone. */
export function reportRows(reconciliation: Reconciliation): string[][] {
  const rows = reconciliation.discrepancies.map((discrepancy) => [
    String(discrepancy.seq),
    DISCREPANCY_NAMES[discrepancy.type],
    discrepancy.paymentId ?? '',
    discrepancy.accountId ?? '',
    yuanOrBlank(discrepancy.ledger?.amountFen),
    (discrepancy.bank ?? []).map((line) => yuan(line.amountFen)).join('；'),
    discrepancy.ledger?.accountNo ?? '',
    (discrepancy.bank ?? []).map((line) => line.accountNo).join('；'),
    discrepancy.detail,
    discrepancy.resolution ? '已处理' : '待处理',
    discrepancy.resolution?.note ?? '',
    discrepancy.resolution?.by ?? '',
    discrepancy.resolution?.at ?? '',
  ]);
  return [REPORT_HEADERS, ...rows];
}

export const reportCsv = (reconciliation: Reconciliation) => csvText(reportRows(reconciliation));

/** Widths in characters: ids and account numbers whole, the explanation wide enough to read. */
const REPORT_WIDTHS = [6, 14, 22, 22, 14, 14, 22, 22, 40, 10, 30, 22, 22];

/** The report for Excel: the period on the first line, then the headings (bold) and a line per discrepancy. */
export function reportXlsx(reconciliation: Reconciliation): Promise<Uint8Array> {
  return xlsxBytes({
    name: '对账差异',
    rows: [
      [
        `对账期间 ${reconciliation.from} 至 ${reconciliation.to}`,
        `状态 ${reconciliation.status}`,
        `差异 ${reconciliation.discrepancies.length} 笔`,
      ],
      ...reportRows(reconciliation),
    ],
    headingRow: 1,
    widths: REPORT_WIDTHS,
  });
}
