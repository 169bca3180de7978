// Following a case: waiting until it reaches a status, and printing its timeline.
import type { Case, CaseStatus } from './answers.ts';
import { check } from './checks.ts';
import type { Actor, DemoContext } from './context.ts';
import { CASE_LABELS, clock } from './labels.ts';
import { waitFor } from './waiting.ts';

/** Waits until the case is `wanted`; a status outside `via` on the way means the story went wrong. */
export async function caseReaches(
  ctx: DemoContext,
  reader: Actor,
  caseId: string,
  wanted: CaseStatus,
  via: CaseStatus[],
): Promise<Case> {
  return waitFor(ctx, `办件${CASE_LABELS[wanted]}`, async () => {
    const record = await ctx.request(`${reader.name}查询办件`, 'GET /applications/{id}', {
      path: { id: caseId },
      as: reader,
      status: 200,
    });
    check(
      record.status === wanted || via.includes(record.status),
      `办件 ${caseId} 变为「${CASE_LABELS[record.status]}」，应为「${CASE_LABELS[wanted]}」${record.decisionReason ? `：${record.decisionReason}` : ''}`,
    );
    return { value: record.status === wanted ? record : undefined, state: CASE_LABELS[record.status] };
  });
}

export function logTimeline(ctx: DemoContext, record: Case) {
  for (const entry of record.timeline)
    ctx.log(
      `      ${clock(entry.at)}  ${CASE_LABELS[entry.status].padEnd(6, '　')} ${entry.by}${entry.note ? `  ${entry.note}` : ''}`,
    );
}
