// 好差评: once a case has ended — paid, rejected, or its payment rejected — the enterprise rates the service once,
// 1 to 5 with an optional comment. The rating rides on the case (and its audit event) and feeds the statistics.
import { applyCaseEvent, CASE_EVENTS } from '../../shared/cases/lifecycle.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { RatingBody } from '../../shared/cases/requests.ts';
import type { Case, CaseStatus } from '../../shared/cases/types.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';

/** The endings an enterprise can judge the service by. */
const RATEABLE: readonly CaseStatus[] = CASE_EVENTS.rated.from;

export async function rateCase(
  ports: { cases: CaseRepository; now(): Date },
  principal: Principal,
  caseId: string,
  body: RatingBody,
): Promise<Case> {
  const record = await ports.cases.getCase(caseId);
  // Only the enterprise itself rates; any other case is reported as missing, so ids cannot be probed.
  if (!record || record.uscc !== principal.subject) throw notFound('办件');
  if (!RATEABLE.includes(record.status))
    throw conflict('CASE_NOT_RATEABLE', '办件办结（已兑付或未予通过）后方可评价', { status: record.status });
  const at = ports.now().toISOString();
  const rating = { score: body.score, ...(body.comment ? { comment: body.comment } : {}), at };
  const { record: rated } = await applyCaseEvent(ports.cases, caseId, 'rated', {
    at,
    status: record.status,
    by: principal.subject,
    details: body,
    guard: (current) => {
      if (current.rating) throw conflict('CASE_ALREADY_RATED', '该办件已评价', { rating: current.rating });
    },
    fields: { rating },
  });
  return rated;
}
