// Whitelist push (免申即享): a department sends the enterprises it found eligible for one of its `auto` policies.
// Every entry is checked; the accepted ones are recorded as payout orders before any is queued, then queued in
// chunks. A send that fails leaves the batch on the sweep's list; the department's answer is the same either way.
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { capOf, inEffect, policyNotInEffect } from '../../shared/catalog/types.ts';
import { shanghaiDate, thisYear } from '../../shared/dates.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../shared/errors.ts';
import type { PaymentStatus, PaymentStore, PayoutOrder } from '../../shared/payments/payments.ts';
import type { PayoutQueue } from '../../shared/payments/queue.ts';
import type { Principal } from '../../shared/principal.ts';
import { queueRest } from '../../shared/whitelists/queueing.ts';
import type { WhitelistRepository } from '../../shared/whitelists/repository.ts';
import {
  batchIdOf,
  CHUNK_SIZE,
  checkEntries,
  entryPaymentId,
  pushDigestOf,
  type Refusal,
  type WhitelistBatch,
  type WhitelistBatchBody,
} from '../../shared/whitelists/whitelist.ts';

export interface WhitelistPorts {
  whitelists: WhitelistRepository;
  catalog: Pick<CatalogRepository, 'getPolicy'>;
  payments: Pick<PaymentStore, 'statusesOfBatch'>;
  queue: PayoutQueue;
  now(): Date;
}

export interface PushAnswer {
  id: string;
  accepted: number;
  refused: Refusal[];
}

const answerOf = (batch: WhitelistBatch): PushAnswer => ({
  id: batch.id,
  accepted: batch.accepted,
  refused: batch.refused,
});

/** A retry of the push that made `first` answers it; another push under its reference is refused (409). */
function assertSamePush(first: WhitelistBatch, pushDigest: string): void {
  if (first.pushDigest !== undefined && first.pushDigest !== pushDigest) {
    throw conflict(
      'BATCH_REF_REUSED',
      '该批次号已用于另一批白名单（政策、期间或名单不同），请使用新的批次号',
      {
        batchRef: first.batchRef,
        batchId: first.id,
      },
    );
  }
}

/** The policy a push is for, and its entries as the push would take them, refusing a push that cannot be taken. */
async function checkedPush(ports: WhitelistPorts, principal: Principal, body: WhitelistBatchBody, now: Date) {
  const policy = await ports.catalog.getPolicy(body.policyId);
  if (!policy || policy.status === 'draft') throw notFound('政策事项');
  if (policy.departmentId !== principal.subject) throw forbidden('只能为本部门主管的政策推送白名单');
  if (policy.mode !== 'auto') {
    throw unprocessable('POLICY_NOT_AUTO', '该政策不是“免申即享”事项，不能推送白名单：企业须申请', {
      mode: policy.mode,
    });
  }
  if (!inEffect(policy, shanghaiDate(now))) throw policyNotInEffect(policy);
  return {
    policy,
    ...checkEntries(body.entries, policy.amountRule ? capOf(policy.amountRule) : undefined),
  };
}

/** What a push would accept and refuse, line by line, with nothing written: the department checks before it sends. */
export async function checkWhitelist(
  ports: WhitelistPorts,
  principal: Principal,
  body: WhitelistBatchBody,
): Promise<{ accepted: number; refused: Refusal[] }> {
  const { accepted, refused } = await checkedPush(ports, principal, body, ports.now());
  return { accepted: accepted.length, refused };
}

export async function pushWhitelist(
  ports: WhitelistPorts,
  principal: Principal,
  body: WhitelistBatchBody,
): Promise<PushAnswer> {
  const id = batchIdOf(principal.subject, body.batchRef);
  const pushDigest = pushDigestOf(body);
  const first = await ports.whitelists.get(id);
  if (first) {
    assertSamePush(first, pushDigest);
    await queueRest(ports, first);
    return answerOf(first);
  }
  const now = ports.now();
  const { policy, accepted, refused } = await checkedPush(ports, principal, body, now);
  const at = now.toISOString();
  const period = body.period ?? String(thisYear(now));
  const orders: PayoutOrder[] = accepted.map((entry) => ({
    paymentId: entryPaymentId(id, entry.line),
    source: 'whitelist',
    batchId: id,
    line: entry.line,
    policyId: policy.id,
    policyName: policy.name,
    departmentId: policy.departmentId,
    period,
    uscc: entry.uscc,
    enterpriseName: entry.enterpriseName,
    amountFen: entry.amountFen,
    bankAccount: {
      bankName: entry.bankName,
      accountNo: entry.accountNo,
      accountName: entry.accountName,
      ...(entry.bankCode ? { bankCode: entry.bankCode } : {}),
    },
    orderedAt: at,
  }));
  const chunks: PayoutOrder[][] = [];
  for (let i = 0; i < orders.length; i += CHUNK_SIZE) chunks.push(orders.slice(i, i + CHUNK_SIZE));
  const { batch, created } = await ports.whitelists.record(
    {
      id,
      departmentId: principal.subject,
      divisionCode: policy.divisionCode,
      policyId: policy.id,
      policyVersion: policy.version,
      batchRef: body.batchRef,
      period,
      pushDigest,
      accepted: orders.length,
      refused,
      chunkCount: chunks.length,
      queuedChunks: 0,
      createdAt: at,
      createdBy: `${principal.role}:${principal.subject}`,
    },
    chunks,
  );
  // Another push under the same reference may have been recorded between the read above and this write.
  if (!created) assertSamePush(batch, pushDigest);
  await queueRest(ports, batch);
  return answerOf(batch);
}

export interface BatchProgress {
  id: string;
  policyId: string;
  batchRef: string;
  period: string;
  departmentId: string;
  accepted: number;
  /** Entries refused at the push; `refusals` says which and why. */
  refused: number;
  refusals: Refusal[];
  /** Accepted entries handed to the payout queue so far. */
  queued: number;
  paid: number;
  held: number;
  failed: number;
  returned: number;
  rejected: number;
  cancelled: number;
  /** In a payment file, waiting for the bank's result (counted in `inProgress` too). */
  awaitingBank: number;
  /** Accepted entries the payer has not finished: queued, reserved or at the bank. */
  inProgress: number;
  createdAt: string;
}

export async function batchProgress(
  ports: WhitelistPorts,
  principal: Principal,
  id: string,
): Promise<BatchProgress> {
  const batch = await ports.whitelists.get(id);
  // A department sees its own batches; the payer and finance those of their jurisdiction.
  const visible =
    batch &&
    (principal.role === 'department'
      ? batch.departmentId === principal.subject
      : principal.division === batch.divisionCode);
  if (!batch || !visible) throw notFound('白名单批次');
  const counts = new Map<PaymentStatus, number>();
  for (const status of await ports.payments.statusesOfBatch(id)) {
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const count = (status: PaymentStatus) => counts.get(status) ?? 0;
  const finished =
    count('paid') +
    count('held') +
    count('failed') +
    count('returned') +
    count('rejected') +
    count('cancelled');
  return {
    id: batch.id,
    policyId: batch.policyId,
    batchRef: batch.batchRef,
    period: batch.period,
    departmentId: batch.departmentId,
    accepted: batch.accepted,
    refused: batch.refused.length,
    refusals: batch.refused,
    queued: Math.min(batch.accepted, batch.queuedChunks * CHUNK_SIZE),
    paid: count('paid'),
    held: count('held'),
    failed: count('failed'),
    returned: count('returned'),
    rejected: count('rejected'),
    cancelled: count('cancelled'),
    awaitingBank: count('awaiting_bank'),
    inProgress: batch.accepted - finished,
    createdAt: batch.createdAt,
  };
}
