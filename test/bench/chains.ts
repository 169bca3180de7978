// Benchmark: state-machine steps per second on the local platform, and the time from the last approval to the
// payout order on the queue. `npm run bench:chains -- --cases 300 --concurrency 20`
import { parseArgs } from 'node:util';
import { benchUscc, inPool, onLocalPlatform, percentile, positiveInteger } from './bench-support.ts';

// 即申即享 item of 县文广新旅局 without announcement, on the approval chain: Route → HasEligibilityCheck →
// CheckEligibility → EligibilityPassed → HasInitialReview → HasSubstantiveReview → JointReviewBeforeDecision →
// JointReview → JointReviewClear → DepartmentDecision | IsApproved → JointReviewAfterDecision → NeedsAnnouncement →
// SendPayoutOrder.
const POLICY_ID = '360728-020';
const DEPARTMENT_ID = '360728-wgxlj';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '20' },
  },
});
const caseCount = positiveInteger('cases', values.cases);
const concurrency = positiveInteger('concurrency', values.concurrency);

await onLocalPlatform(async (local) => {
  const engine = local.platform.stepFunctions;
  const department = await local.token('department', DEPARTMENT_ID);
  const usccs = Array.from({ length: caseCount }, (_, index) => benchUscc(index));
  const tokens: string[] = [];
  await inPool(usccs, concurrency, async (uscc, index) => {
    tokens[index] = await local.registerEnterprise(uscc);
  });

  // Phase 1: filing starts each chain, which runs its automated steps and parks on the department's decision.
  const caseIds: string[] = [];
  const filingStates = engine.statesEntered();
  const filingStart = performance.now();
  await inPool(usccs, concurrency, async (_uscc, index) => {
    const filed = await local.call('POST', '/applications', {
      token: tokens[index],
      body: { policyId: POLICY_ID },
    });
    if (filed.status !== 201) throw new Error(`filing failed: ${filed.status} ${JSON.stringify(filed.body)}`);
    caseIds[index] = filed.body.id;
  });
  const wanted = new Set(caseIds);
  let tasks: { id: string; caseId: string }[] = [];
  for (;;) {
    const open = await local.call('GET', '/tasks', { token: department });
    tasks = open.body.items.filter((task: { caseId: string }) => wanted.has(task.caseId));
    if (tasks.length === caseCount) break;
    if (performance.now() - filingStart > 600_000) throw new Error(`only ${tasks.length} tasks opened`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const filingSeconds = (performance.now() - filingStart) / 1000;
  const filingSteps = engine.statesEntered() - filingStates;

  // Phase 2: every approval resumes its chain, which sends the payout order to the queue.
  const approvedAt = new Map<string, number>();
  const decisionStates = engine.statesEntered();
  const decisionStart = performance.now();
  await inPool(tasks, concurrency, async (task) => {
    // The reviewer's click: the chain is resumed inside this request, so the order can be queued before it returns.
    approvedAt.set(task.caseId, Date.now());
    const decided = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: department,
      body: { outcome: 'approve', amountFen: 100_000 },
    });
    if (decided.status !== 200) throw new Error(`decision failed: ${decided.status}`);
  });
  const latencies: number[] = [];
  let pending = [...caseIds];
  while (pending.length > 0) {
    const still: string[] = [];
    await inPool(pending, concurrency, async (caseId) => {
      const view = await local.call('GET', `/applications/${caseId}`, { token: department });
      // sentToPayerAt is written once SendMessage has returned: the order is on the queue by then.
      if (view.body.status === 'sent_to_payer') {
        latencies.push(Date.parse(view.body.sentToPayerAt) - (approvedAt.get(caseId) ?? 0));
      } else still.push(caseId);
    });
    pending = still;
    if (performance.now() - decisionStart > 600_000) throw new Error(`${pending.length} cases never sent`);
  }
  const decisionSeconds = (performance.now() - decisionStart) / 1000;
  const decisionSteps = engine.statesEntered() - decisionStates;

  const line = (label: string, steps: number, seconds: number) =>
    `${label.padEnd(34)} ${String(steps).padStart(7)} states  ${seconds.toFixed(1).padStart(6)} s  ${(steps / seconds).toFixed(0).padStart(6)} states/s`;
  console.log(`${caseCount} instant cases, ${concurrency} at a time, policy ${POLICY_ID}`);
  console.log(line('filing → decision task open', filingSteps, filingSeconds));
  console.log(line('approval → payout order on queue', decisionSteps, decisionSeconds));
  console.log(line('both phases', filingSteps + decisionSteps, filingSeconds + decisionSeconds));
  console.log(
    `last approval → payout order: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, ` +
      `max ${Math.max(...latencies)} ms (${latencies.length} cases)`,
  );
  if (filingSteps + decisionSteps < caseCount * 14)
    throw new Error(`expected at least ${caseCount * 14} states entered`);
});
