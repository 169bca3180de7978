// The automated steps of the approval chains: routing, opening review tasks, closing a case, ordering payout.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { addWorkingDays } from '../../shared/calendar.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import { type Case, type PayoutOrder, TASK_STEPS } from '../../shared/cases/types.ts';

const decision = z.object({
  outcome: z.enum(['approve', 'reject', 'return']),
  amountFen: z.number().int().positive().optional(),
  reason: z.string().optional(),
  explanation: z.string().optional(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

/** What a state machine's Task state sends; the ASL files are the other side of this contract. */
export const stepEvent = z.discriminatedUnion('step', [
  z.object({ step: z.literal('route'), caseId: z.string() }),
  z.object({
    step: z.literal('openTask'),
    caseId: z.string(),
    taskStep: z.enum(TASK_STEPS),
    workingDays: z.number().int().positive(),
    taskToken: z.string().min(1),
  }),
  z.object({ step: z.literal('reject'), caseId: z.string(), decision }),
  z.object({
    step: z.literal('awaitCorrection'),
    caseId: z.string(),
    decision,
    taskToken: z.string().min(1),
  }),
  z.object({ step: z.literal('withdraw'), caseId: z.string(), reason: z.string() }),
  z.object({ step: z.literal('sendPayoutOrder'), caseId: z.string(), decision }),
]);
export type StepEvent = z.infer<typeof stepEvent>;

export interface StepPorts {
  cases: CaseRepository;
  sendPayoutOrder(order: PayoutOrder): Promise<void>;
  now(): Date;
}

const CHAIN = 'chain:approval';

/** Payment ids come from the business key, so the payer recognises a repeated order as the same payment. */
export const casePaymentId = (caseId: string) => `case-${caseId}`;

async function loadCase(ports: StepPorts, caseId: string): Promise<Case> {
  const record = await ports.cases.getCase(caseId);
  // Thrown as a named error so the state machine fails visibly instead of waiting on a case that is gone.
  if (!record) throw Object.assign(new Error(`case ${caseId} not found`), { name: 'CaseNotFound' });
  return record;
}

export async function runStep(ports: StepPorts, event: StepEvent): Promise<Record<string, unknown>> {
  const at = ports.now().toISOString();
  switch (event.step) {
    case 'route': {
      const record = await loadCase(ports, event.caseId);
      await ports.cases.transition(record.id, {
        at,
        status: 'in_review',
        by: CHAIN,
        note: `转办至 ${record.departmentId}`,
      });
      return { caseId: record.id, departmentId: record.departmentId };
    }
    case 'openTask': {
      const record = await loadCase(ports, event.caseId);
      const dueDate = addWorkingDays(ports.now(), event.workingDays);
      // One task per token: a retried invocation with the same token finds the task already open.
      const id = createHash('sha256').update(event.taskToken).digest('base64url').slice(0, 22);
      await ports.cases.openTask(
        {
          id,
          caseId: record.id,
          step: event.taskStep,
          assigneeRole: 'department',
          assigneeId: record.departmentId,
          dueDate,
          status: 'open',
          createdAt: at,
        },
        event.taskToken,
      );
      return { taskId: id, dueDate };
    }
    case 'reject': {
      const { reason, explanation, decidedBy } = event.decision;
      const updated = await ports.cases.transition(
        event.caseId,
        { at, status: 'rejected', by: decidedBy, note: reason },
        {
          fields: { decisionReason: reason, decisionExplanation: explanation },
          // The seeds require both the reason and the policy's explanation to reach the enterprise.
          notify: { title: '申请未获通过', message: `原因：${reason}。政策解释：${explanation}` },
        },
      );
      return { caseId: updated.id, status: updated.status };
    }
    case 'awaitCorrection': {
      const { reason, decidedBy } = event.decision;
      const updated = await ports.cases.transition(
        event.caseId,
        { at, status: 'returned', by: decidedBy, note: reason },
        {
          fields: { correctionRequest: reason },
          correctionToken: event.taskToken,
          notify: { title: '申请需补正', message: `请按以下要求补正后重新提交：${reason}` },
        },
      );
      return { caseId: updated.id, status: updated.status };
    }
    case 'withdraw': {
      const updated = await ports.cases.transition(
        event.caseId,
        { at, status: 'withdrawn', by: CHAIN, note: event.reason },
        { notify: { title: '申请已撤回', message: event.reason } },
      );
      return { caseId: updated.id, status: updated.status };
    }
    case 'sendPayoutOrder': {
      const record = await loadCase(ports, event.caseId);
      const amountFen = event.decision.amountFen;
      if (!amountFen) throw Object.assign(new Error('approved without an amount'), { name: 'AmountMissing' });
      await ports.sendPayoutOrder({
        paymentId: casePaymentId(record.id),
        source: 'case',
        caseId: record.id,
        policyId: record.policyId,
        departmentId: record.departmentId,
        uscc: record.uscc,
        amountFen,
        orderedAt: at,
      });
      await ports.cases.transition(
        record.id,
        { at, status: 'sent_to_payer', by: CHAIN, note: `核定金额 ${amountFen} 分，已推送行政审批局兑付` },
        {
          fields: { approvedAmountFen: amountFen, sentToPayerAt: at },
          notify: {
            title: '申请已核准',
            message: `核定金额 ${(amountFen / 100).toFixed(2)} 元，已推送行政审批局，1 个工作日内兑付到账`,
          },
        },
      );
      return { caseId: record.id, paymentId: casePaymentId(record.id) };
    }
  }
}
