// The approval chain's ASL file on the local Step Functions engine, with the approval steps scripted: every process a
// guide can ask for runs exactly its steps, in order, including refusals and corrections.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVAL_CHAIN } from '../../infra/lib/huiqi-stack.ts';
import { createStepFunctions, type LocalStepFunctions } from '../../infra/local/stepfunctions.ts';
import { type Process, processOf } from '../../shared/catalog/process.ts';
import type { Guide } from '../../shared/catalog/types.ts';

const ACCOUNT = '123456789012';
const MACHINE_ARN = `arn:aws:states:cn-northwest-1:${ACCOUNT}:stateMachine:ApprovalChain`;
const STEPS_FUNCTION = 'approval-steps';

/** How the scripted department, agencies and public answer one case, step by step. */
interface Script {
  process: Process;
  /** The pre-check's verdict; approve unless given. */
  eligibility?: 'approve' | 'reject';
  /** Outcomes of the review tasks in the order they open; approve once each task runs out of them. */
  outcomes?: Partial<Record<string, ('approve' | 'reject' | 'return')[]>>;
  /** Agencies whose lists name the enterprise, one joint-review task each. */
  hits?: string[];
}

const scripts = new Map<string, Script>();
/** The steps each case's chain asked for, as `step` or `step:taskStep`. */
const steps = new Map<string, string[]>();
const rejections = new Map<string, unknown>();
let service: LocalStepFunctions;

const decision = (outcome: string) => ({
  outcome,
  ...(outcome === 'approve' ? { amountFen: 100_000 } : { reason: '不符合', explanation: '政策解释' }),
  decidedBy: 'department:360728-wgxlj',
  decidedAt: '2026-03-02T02:00:00.000Z',
});

// The one seam: the approval-steps function, answering as the real one would and answering its tasks at once.
async function invoke(functionName: string, payload: unknown): Promise<unknown> {
  expect(functionName).toBe(STEPS_FUNCTION);
  const event = payload as Record<string, unknown> & { step: string; caseId: string; taskToken?: string };
  const script = scripts.get(event.caseId) as Script;
  const taskStep = event.step === 'openTask' ? String(event.taskStep) : undefined;
  steps.get(event.caseId)?.push(taskStep ? `openTask:${taskStep}` : event.step);
  const answer = (output: unknown) =>
    setImmediate(() => void service.sendTaskSuccess(String(event.taskToken), JSON.stringify(output)));
  switch (event.step) {
    case 'route':
      return {
        caseId: event.caseId,
        departmentId: '360728-wgxlj',
        timeLimits: { routing: 1, initialReview: 3, substantiveReview: 20, payer: 1 },
        announcementDays: script.process.announcementDays,
        process: script.process,
      };
    case 'checkEligibility':
      return decision(script.eligibility ?? 'approve');
    case 'jointReview': {
      const pending = script.hits ?? [];
      const answered = event.answered as { agencyId: string } | undefined;
      if (answered) pending.splice(pending.indexOf(answered.agencyId), 1);
      return pending[0] ? { clear: false, agencyId: pending[0], reason: '名单' } : { clear: true };
    }
    case 'openTask': {
      const queue = script.outcomes?.[taskStep as string];
      answer(decision(queue?.shift() ?? 'approve'));
      return {};
    }
    case 'awaitCorrection':
      answer({ resubmittedAt: '2026-03-03T02:00:00.000Z', materialIds: [] });
      return {};
    case 'announce':
      answer(decision('approve'));
      return {};
    case 'reject':
      rejections.set(event.caseId, event.decision);
      return {};
    default:
      return {};
  }
}

/** Runs one case through the chain and hands back the steps it took and how the execution ended. */
async function run(caseId: string, script: Script) {
  scripts.set(caseId, script);
  steps.set(caseId, []);
  const { executionArn } = await service.startExecution({
    stateMachineArn: MACHINE_ARN,
    name: caseId,
    input: JSON.stringify({ caseId }),
  });
  const finished = await service.waitForExecution(executionArn, 10_000);
  return { status: finished.status, steps: steps.get(caseId) };
}

const processFor = (guide: Partial<Guide> & Pick<Guide, 'mode'>) =>
  processOf({ announcementDays: 0, ...guide });

describe('the approval chain runs the process its guide asks for', () => {
  beforeAll(() => {
    // As the stack substitutes them: the partition, and the approval-steps function (here the scripted one).
    const substitutions: Record<string, string> = {
      Partition: 'aws',
      ApprovalStepsFunctionArn: STEPS_FUNCTION,
    };
    const asl = readFileSync(`statemachines/${APPROVAL_CHAIN.file}`, 'utf8').replace(
      /\$\{([A-Za-z0-9_]+)\}/g,
      (whole, name: string) => substitutions[name] ?? whole,
    );
    service = createStepFunctions({
      machines: [
        { logicalId: 'ApprovalChain', name: 'ApprovalChain', arn: MACHINE_ARN, definition: JSON.parse(asl) },
      ],
      invoke,
      region: 'cn-northwest-1',
      accountId: ACCOUNT,
      partition: 'aws',
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('即申即享 as ever: pre-check, joint review, decision, payout order', async () => {
    const result = await run('instant', { process: processFor({ mode: 'instant' }) });
    expect(result).toEqual({
      status: 'SUCCEEDED',
      steps: ['route', 'checkEligibility', 'jointReview', 'openTask:department_decision', 'sendPayoutOrder'],
    });
  });

  it('承诺兑现 as ever: initial and substantive review, decision, joint review, announcement, payout order', async () => {
    const result = await run('review', { process: processFor({ mode: 'review', announcementDays: 5 }) });
    expect(result.steps).toEqual([
      'route',
      'openTask:initial_review',
      'openTask:substantive_review',
      'openTask:department_decision',
      'jointReview',
      'announce',
      'sendPayoutOrder',
    ]);
  });

  it('an instant guide with joint review after the decision and an announcement', async () => {
    const process = processFor({
      mode: 'instant',
      announcementDays: 3,
      process: { jointReview: 'after_decision' },
    });
    const result = await run('instant-announced', { process, hits: ['360728-credit'] });
    expect(result.steps).toEqual([
      'route',
      'checkEligibility',
      'openTask:department_decision',
      'jointReview',
      'openTask:joint_review',
      'jointReview',
      'announce',
      'sendPayoutOrder',
    ]);
  });

  it('a reviewed guide without substantive review, with a pre-check and joint review first', async () => {
    const process = processFor({
      mode: 'review',
      process: { substantiveReview: false, eligibilityCheck: true, jointReview: 'before_decision' },
    });
    const result = await run('review-light', { process, hits: ['360728-credit', '360728-safety'] });
    expect(result.steps).toEqual([
      'route',
      'checkEligibility',
      'openTask:initial_review',
      'jointReview',
      'openTask:joint_review',
      'jointReview',
      'openTask:joint_review',
      'jointReview',
      'openTask:department_decision',
      'sendPayoutOrder',
    ]);
  });

  it('a return for correction repeats the step that returned the case', async () => {
    const result = await run('corrected', {
      process: processFor({ mode: 'review' }),
      outcomes: { substantive_review: ['return'], department_decision: ['return'] },
    });
    expect(result.steps).toEqual([
      'route',
      'openTask:initial_review',
      'openTask:substantive_review',
      'awaitCorrection',
      'openTask:substantive_review',
      'openTask:department_decision',
      'awaitCorrection',
      'openTask:department_decision',
      'jointReview',
      'sendPayoutOrder',
    ]);
  });

  it('refusals end the chain with the refusing decision: the pre-check’s and the department’s', async () => {
    const ineligible = await run('ineligible', {
      process: processFor({ mode: 'instant' }),
      eligibility: 'reject',
    });
    const refused = await run('refused', {
      process: processFor({ mode: 'review' }),
      outcomes: { initial_review: ['reject'] },
    });
    expect(ineligible).toEqual({ status: 'SUCCEEDED', steps: ['route', 'checkEligibility', 'reject'] });
    expect(rejections.get('ineligible')).toMatchObject({ outcome: 'reject', reason: '不符合' });
    expect(refused.steps).toEqual(['route', 'openTask:initial_review', 'reject']);
    expect(rejections.get('refused')).toMatchObject({ outcome: 'reject', explanation: '政策解释' });
  });
});
