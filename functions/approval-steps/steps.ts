// The automated steps of the approval chain: routing, pre-check, joint review, review tasks, announcement, closing, payout order.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { announce } from '../../shared/announcements/announcement.ts';
import { hitsFor } from '../../shared/blacklists/blacklist.ts';
import type { BlacklistRepository } from '../../shared/blacklists/repository.ts';
import { addWorkingDays, type WorkingCalendar } from '../../shared/calendar/working-days.ts';
import { applyCaseEvent } from '../../shared/cases/lifecycle.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import { type Case, caseSummaryOf, TASK_STEPS } from '../../shared/cases/types.ts';
import { processOf } from '../../shared/catalog/process.ts';
import type { CatalogRepository, PolicyVersion } from '../../shared/catalog/repository.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { evaluateEligibility } from '../../shared/eligibility.ts';
import { eligibilityFactsOf } from '../../shared/enterprises/jurisdiction.ts';
import type { EnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { casePaymentId, type PayoutOrder } from '../../shared/payments/payments.ts';

const decision = z.object({
  outcome: z.enum(['approve', 'reject', 'return']),
  amountFen: z.number().int().positive().optional(),
  reason: z.string().optional(),
  explanation: z.string().optional(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

/** What the state machine's Task states send; the ASL file is the other side of this contract. */
export const stepEvent = z.discriminatedUnion('step', [
  z.object({ step: z.literal('route'), caseId: z.string() }),
  z.object({ step: z.literal('checkEligibility'), caseId: z.string() }),
  z.object({
    step: z.literal('jointReview'),
    caseId: z.string(),
    /** The agency that has just answered, when the chain comes back from its task. */
    answered: z.object({ agencyId: z.string(), decision }).optional(),
  }),
  z.object({
    step: z.literal('openTask'),
    caseId: z.string(),
    taskStep: z.enum(TASK_STEPS),
    /** From the guide's time limits, which the route step hands to the chain. */
    workingDays: z.number().int().min(0),
    /** Set for a joint-review task: the agency whose list the enterprise is on. */
    agencyId: z.string().optional(),
    taskToken: z.string().min(1),
  }),
  z.object({
    step: z.literal('announce'),
    caseId: z.string(),
    decision,
    announcementDays: z.number().int().positive(),
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
  catalog: Pick<CatalogRepository, 'getPolicyVersion'>;
  enterprises: Pick<EnterpriseRepository, 'get'>;
  blacklists: Pick<BlacklistRepository, 'entriesFor'>;
  calendar(): Promise<WorkingCalendar>;
  sendPayoutOrder(order: PayoutOrder): Promise<void>;
  now(): Date;
}

const CHAIN = 'chain:approval';

/** Payment ids come from the business key, so the payer recognises a repeated order as the same payment. */

/** Thrown by name so the state machine fails visibly instead of waiting on something that is gone. */
const missing = (what: string) => Object.assign(new Error(`${what} not found`), { name: 'CaseNotFound' });

async function loadCase(ports: StepPorts, caseId: string): Promise<Case> {
  const record = await ports.cases.getCase(caseId);
  if (!record) throw missing(`case ${caseId}`);
  return record;
}

/** The guide as it stood when the case was filed: its limits and rules bind the whole chain. */
async function pinnedVersion(ports: StepPorts, record: Case): Promise<PolicyVersion> {
  const version = await ports.catalog.getPolicyVersion(record.policyId, record.policyVersion);
  if (!version) throw missing(`policy ${record.policyId} v${record.policyVersion}`);
  return version;
}

const chainDecision = (at: string, outcome: 'approve' | 'reject', reason?: string, explanation?: string) => ({
  outcome,
  ...(reason ? { reason } : {}),
  ...(explanation ? { explanation } : {}),
  decidedBy: CHAIN,
  decidedAt: at,
});

export async function runStep(ports: StepPorts, event: StepEvent): Promise<Record<string, unknown>> {
  const at = ports.now().toISOString();
  switch (event.step) {
    case 'route': {
      const record = await loadCase(ports, event.caseId);
      const version = await pinnedVersion(ports, record);
      await applyCaseEvent(ports.cases, record.id, 'routed', {
        at,
        by: CHAIN,
        details: { departmentName: version.departmentName },
      });
      // The chain reads its steps, every time limit and the announcement from here rather than from constants in the
      // ASL: one state machine runs every policy's process as its pinned guide sets it.
      return {
        caseId: record.id,
        departmentId: record.departmentId,
        timeLimits: version.timeLimits,
        announcementDays: version.announcementDays,
        process: processOf(version),
      };
    }
    case 'checkEligibility': {
      const record = await loadCase(ports, event.caseId);
      const version = await pinnedVersion(ports, record);
      const enterprise = await ports.enterprises.get(record.uscc);
      if (!enterprise) return chainDecision(at, 'reject', '企业信息未登记', version.eligibility.text);
      const verdict = evaluateEligibility(version.eligibility.rules, eligibilityFactsOf(enterprise));
      if (verdict.eligible) return chainDecision(at, 'approve');
      const failed = verdict.reasons.filter((reason) => !reason.met).map((reason) => reason.message);
      return chainDecision(at, 'reject', `不符合享受条件：${failed.join('；')}`, version.eligibility.text);
    }
    case 'jointReview': {
      const record = await loadCase(ports, event.caseId);
      let hits = record.jointReview;
      if (!hits) {
        // Screened once per case, against every list whose agency covers the case's jurisdiction.
        const entries = await ports.blacklists.entriesFor(record.uscc);
        hits = hitsFor(entries, record.divisionCode, shanghaiDate(ports.now())).map((entry) => ({
          agencyId: entry.agencyId,
          reason: entry.reason,
        }));
        await applyCaseEvent(ports.cases, record.id, 'joint_review_screened', {
          at,
          status: record.status,
          by: CHAIN,
          details: { listedBy: hits.map((hit) => hit.agencyId) },
          fields: { jointReview: hits },
        });
      }
      const answered = event.answered;
      if (answered && hits.some((hit) => hit.agencyId === answered.agencyId && !hit.outcome)) {
        hits = hits.map((hit) =>
          hit.agencyId === answered.agencyId
            ? { ...hit, outcome: 'cleared' as const, decidedBy: answered.decision.decidedBy }
            : hit,
        );
        await applyCaseEvent(ports.cases, record.id, 'joint_review_cleared', {
          at,
          status: record.status,
          by: answered.decision.decidedBy,
          fields: { jointReview: hits },
        });
      }
      // A hit is a task for its agency, one at a time, never a silent pass or fail.
      const pending = hits.find((hit) => !hit.outcome);
      return pending ? { clear: false, agencyId: pending.agencyId, reason: pending.reason } : { clear: true };
    }
    case 'openTask': {
      const record = await loadCase(ports, event.caseId);
      const enterprise = await ports.enterprises.get(record.uscc);
      const due = addWorkingDays(await ports.calendar(), ports.now(), Math.max(1, event.workingDays));
      // One task per token: a retried invocation with the same token finds the task already open.
      const id = createHash('sha256').update(event.taskToken).digest('base64url').slice(0, 22);
      const hit = event.agencyId
        ? record.jointReview?.find((h) => h.agencyId === event.agencyId && !h.outcome)
        : undefined;
      await ports.cases.openTask(
        {
          id,
          caseId: record.id,
          step: event.taskStep,
          assigneeRole: event.agencyId ? 'agency' : 'department',
          assigneeId: event.agencyId ?? record.departmentId,
          dueDate: due.date,
          ...(due.provisional ? { dueDateProvisional: true } : {}),
          status: 'open',
          createdAt: at,
          ...(hit ? { hit: { reason: hit.reason } } : {}),
          caseSummary: caseSummaryOf(record, enterprise?.name, { withRequest: true }),
        },
        event.taskToken,
      );
      return { taskId: id, dueDate: due.date };
    }
    case 'announce':
      return announce(ports, {
        caseId: event.caseId,
        amountFen: event.decision.amountFen,
        announcementDays: event.announcementDays,
        taskToken: event.taskToken,
      });
    case 'reject': {
      const { reason, explanation, decidedBy } = event.decision;
      const { record: updated } = await applyCaseEvent(ports.cases, event.caseId, 'rejected', {
        at,
        by: decidedBy,
        details: { reason, explanation },
        fields: (current) => ({
          decisionReason: reason,
          decisionExplanation: explanation,
          // An agency that upholds its finding is recorded on its hit, beside those that cleared theirs.
          ...(current.jointReview && decidedBy.startsWith('agency:')
            ? {
                jointReview: current.jointReview.map((hit) =>
                  `agency:${hit.agencyId}` === decidedBy && !hit.outcome
                    ? { ...hit, outcome: 'upheld' as const, decidedBy }
                    : hit,
                ),
              }
            : {}),
        }),
      });
      return { caseId: updated.id, status: updated.status };
    }
    case 'awaitCorrection': {
      const { reason, decidedBy } = event.decision;
      const { record: updated } = await applyCaseEvent(ports.cases, event.caseId, 'returned_for_correction', {
        at,
        by: decidedBy,
        details: { reason },
        fields: { correctionRequest: reason },
        parkToken: event.taskToken,
      });
      return { caseId: updated.id, status: updated.status };
    }
    case 'withdraw': {
      const { record: updated } = await applyCaseEvent(ports.cases, event.caseId, 'withdrawn', {
        at,
        by: CHAIN,
        details: { reason: event.reason },
      });
      return { caseId: updated.id, status: updated.status };
    }
    case 'sendPayoutOrder': {
      const record = await loadCase(ports, event.caseId);
      const amountFen = event.decision.amountFen;
      if (!amountFen) throw Object.assign(new Error('approved without an amount'), { name: 'AmountMissing' });
      // The account the enterprise itself confirmed, as it stands now; the payer weighs a recent change as a risk.
      const enterprise = await ports.enterprises.get(record.uscc);
      if (!enterprise) throw missing(`enterprise ${record.uscc}`);
      const version = await ports.catalog.getPolicyVersion(record.policyId, record.policyVersion);
      if (!version) throw missing(`policy ${record.policyId} v${record.policyVersion}`);
      await ports.sendPayoutOrder({
        paymentId: casePaymentId(record.id),
        source: 'case',
        caseId: record.id,
        policyId: record.policyId,
        policyName: version.name,
        departmentId: record.departmentId,
        period: record.period,
        uscc: record.uscc,
        enterpriseName: enterprise.name,
        amountFen,
        bankAccount: enterprise.bankAccount,
        // Joint review already weighed these agencies' listings; the payer does not hold the case for them again.
        clearedBy: (record.jointReview ?? [])
          .filter((hit) => hit.outcome === 'cleared')
          .map((hit) => hit.agencyId),
        orderedAt: at,
      });
      await applyCaseEvent(ports.cases, record.id, 'sent_to_payer', {
        at,
        by: CHAIN,
        details: { amountFen },
        fields: { approvedAmountFen: amountFen, sentToPayerAt: at },
      });
      return { caseId: record.id, paymentId: casePaymentId(record.id) };
    }
  }
}
