// Stuck cases: a case whose status says its chain is at work, with no live execution behind it; found, listed, mended.
import * as z from 'zod';
import { applyCaseEvent } from '../cases/lifecycle.ts';
import type { CaseRepository } from '../cases/repository.ts';
import { type Case, CHAIN_STATUSES } from '../cases/types.ts';
import { conflict, notFound } from '../errors.ts';
import { divisionOf, type Principal } from '../principal.ts';
import { plainText } from '../validation.ts';
import type { ChainEngine, ExecutionState } from './engine.ts';
import type { ChainStore, StuckCase } from './repository.ts';

export interface StuckCheckPorts {
  chains: ChainEngine;
  store: Pick<ChainStore, 'casesInChain' | 'listStuck' | 'markStuck' | 'clearStuck'>;
  report(message: string, details: Record<string, unknown>): void;
  now(): Date;
}

export interface StuckCheckResult {
  checked: number;
  stuck: number;
  /** Filed cases whose chain had never started, started now. */
  started: number;
}

/** A case that moved this recently may still be between its own write and its execution's start. */
const SETTLING_MS = 2 * 60_000;

const executionNameOf = (record: Case) => record.executionName ?? record.id;
const lastMoved = (record: Case) => record.timeline.at(-1)?.at ?? record.createdAt;

/** Why the execution cannot carry the case on, in words an admin can act on; undefined while it can. */
function stuckReason(record: Case, execution: ExecutionState | undefined): string | undefined {
  if (!execution) return '审批流程实例不存在（未启动或已丢失）';
  switch (execution.status) {
    case 'RUNNING':
    case 'PENDING_REDRIVE':
      return undefined;
    case 'FAILED':
      return `审批流程出错：${execution.error ?? ''}${execution.cause ? `（${execution.cause.slice(0, 200)}）` : ''}`;
    case 'TIMED_OUT':
      return '审批流程已超时';
    case 'ABORTED':
      return '审批流程已被终止';
    case 'SUCCEEDED':
      return `审批流程已结束，但办件仍停留在“${record.status}”`;
  }
}

/**
 * Compares every case in a chain status with its execution. A stuck one is recorded for the admins of its
 * jurisdiction; one that is no longer stuck is taken off the list. A filed case whose chain never started (the start
 * failed after the case was stored) is started here: its first step is exactly where the case stands.
 */
export async function checkStuckCases(ports: StuckCheckPorts): Promise<StuckCheckResult> {
  const now = ports.now();
  const result: StuckCheckResult = { checked: 0, stuck: 0, started: 0 };
  const stillStuck = new Set<string>();
  for (const record of await ports.store.casesInChain()) {
    if (now.getTime() - Date.parse(lastMoved(record)) < SETTLING_MS) continue;
    result.checked++;
    const execution = await ports.chains.describe(executionNameOf(record));
    if (!execution && record.status === 'submitted' && !record.executionName) {
      await ports.chains.start(record.id, { caseId: record.id });
      ports.report('chain started for a filed case that had none', { caseId: record.id });
      result.started++;
      continue;
    }
    const reason = stuckReason(record, execution);
    if (!reason) continue;
    result.stuck++;
    stillStuck.add(record.id);
    await ports.store.markStuck({
      caseId: record.id,
      divisionCode: record.divisionCode,
      status: record.status,
      executionStatus: execution?.status ?? 'MISSING',
      reason,
      since: execution?.stopDate?.toISOString() ?? lastMoved(record),
      checkedAt: now.toISOString(),
    });
  }
  for (const stuck of await ports.store.listStuck()) {
    if (!stillStuck.has(stuck.caseId)) await ports.store.clearStuck(stuck.divisionCode, stuck.caseId);
  }
  return result;
}

/** An admin's list: the stuck cases of the admin's own jurisdiction. */
export async function listStuckCases(
  ports: Pick<StuckCheckPorts, 'store'>,
  principal: Principal,
): Promise<Pick<StuckCase, 'caseId' | 'status' | 'executionStatus' | 'reason' | 'since'>[]> {
  const items = await ports.store.listStuck(divisionOf(principal));
  return items.map(({ caseId, status, executionStatus, reason, since }) => ({
    caseId,
    status,
    executionStatus,
    reason,
    since,
  }));
}

export const redriveBody = z.strictObject({
  reason: plainText(z.string().trim().min(1, '请说明恢复审批流程的原因').max(500), { multiline: true }),
});

export interface RedrivePorts extends Pick<StuckCheckPorts, 'chains' | 'store'> {
  cases: Pick<CaseRepository, 'getCase' | 'transition'>;
  now(): Date;
}

const caseNotStuck = (record: Case, executionStatus?: string) =>
  conflict('CASE_NOT_STUCK', '该办件的审批流程运行正常或办件已办结，无需恢复', {
    status: record.status,
    ...(executionStatus ? { executionStatus } : {}),
  });

/**
 * Brings a stuck case back, audited on the case: RedriveExecution where the engine allows it (the run goes on from
 * the state that stopped it), otherwise a new execution, which can only start at the chain's beginning, so only a
 * case still at its beginning (filed, never routed) gets one.
 */
export async function redriveCase(
  ports: RedrivePorts,
  principal: Principal,
  caseId: string,
  reason: string,
): Promise<{ caseId: string; execution: string }> {
  const record = await ports.cases.getCase(caseId);
  // A case outside the admin's jurisdiction is reported as missing, as everywhere else.
  if (!record || record.divisionCode !== divisionOf(principal)) throw notFound('办件');
  if (record.mode === 'auto' || !CHAIN_STATUSES.includes(record.status)) throw caseNotStuck(record);
  const name = executionNameOf(record);
  const execution = await ports.chains.describe(name);
  if (!stuckReason(record, execution)) throw caseNotStuck(record, execution?.status);
  const at = ports.now().toISOString();
  const by = `${principal.role}:${principal.subject}`;
  let executionName = name;
  let event: 'chain_redriven' | 'chain_restarted' = 'chain_redriven';
  if (!(execution && execution.status !== 'SUCCEEDED' && (await ports.chains.redrive(name)))) {
    if (record.status !== 'submitted') {
      throw conflict(
        'CASE_NOT_REDRIVABLE',
        '该办件的审批流程无法从中断处恢复，且办件已过受理环节，不能重新启动；请联系平台运维人员处理',
        { status: record.status, executionStatus: execution?.status ?? 'MISSING' },
      );
    }
    executionName = `${record.id}-r${Date.parse(at)}`;
    await ports.chains.start(executionName, { caseId: record.id });
    event = 'chain_restarted';
  }
  await applyCaseEvent(ports.cases, record.id, event, {
    at,
    status: record.status,
    by,
    details: { reason },
    ...(executionName === name ? {} : { fields: { executionName } }),
  });
  await ports.store.clearStuck(record.divisionCode, record.id);
  return { caseId: record.id, execution: ports.chains.executionArn(executionName) };
}
