import { describe, expect, it } from 'vitest';
import { applyCaseEvent, CASE_EVENTS } from '../../shared/cases/lifecycle.ts';
import type { CaseStore, TransitionOptions } from '../../shared/cases/repository.ts';
import type { Case, CaseStatus, TimelineEntry } from '../../shared/cases/types.ts';
import { pendingResume } from '../../shared/chains/resumes.ts';
import { DomainError } from '../../shared/errors.ts';

const AT = '2026-11-30T08:00:00.000Z';

/** A case store over one case, judging the options on the case as stored, as the repository does on its fresh read. */
function oneCase(status: CaseStatus) {
  const record = { id: 'c1', status, timeline: [] as TimelineEntry[] } as unknown as Case;
  const written: { entry: TimelineEntry; options: TransitionOptions }[] = [];
  const write = (entry: TimelineEntry, options: TransitionOptions) => {
    options.guard?.(record);
    written.push({ entry, options });
    return { ...record, status: entry.status, timeline: [entry] };
  };
  const cases: Pick<CaseStore, 'transition' | 'releaseChain'> = {
    transition: async (_id, entry, options = {}) => write(entry, options),
    releaseChain: async (id, entry, options) => ({
      record: write(entry, options),
      resume: pendingResume(id, 'parked', options.resumeWith, entry.at),
    }),
  };
  return { cases, written };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
  );

describe('case lifecycle', () => {
  it('moves a case from a status its event may leave, with the timeline note and the notice of the event', async () => {
    const store = oneCase('in_review');

    const { record } = await applyCaseEvent(store.cases, 'c1', 'returned_for_correction', {
      at: AT,
      by: 'department:360728-wgxlj',
      details: { reason: '请补充营业执照' },
      parkToken: 'token-1',
    });

    expect(record.status).toBe('returned');
    expect(store.written[0]?.entry).toEqual({
      at: AT,
      status: 'returned',
      by: 'department:360728-wgxlj',
      note: '请补充营业执照',
    });
    expect(store.written[0]?.options).toMatchObject({
      parkToken: 'token-1',
      notify: { title: '申请需补正', message: '请按以下要求补正后重新提交：请补充营业执照' },
    });
  });

  it('refuses a case in a status the event may not leave, as a case moved meanwhile', async () => {
    const store = oneCase('in_review');

    const code = await refusal(
      applyCaseEvent(store.cases, 'c1', 'resubmitted', {
        at: AT,
        by: 'enterprise:x',
        details: {},
        resumeWith: {},
      }),
    );

    expect(code).toBe('CASE_STATUS_CHANGED');
    expect(store.written).toEqual([]);
  });

  it('refuses an objection to a case not in announcement as missing, before the caller’s own guard', async () => {
    const store = oneCase('approved');
    let guarded = false;

    const code = await refusal(
      applyCaseEvent(store.cases, 'c1', 'objection_raised', {
        at: AT,
        by: 'system:objection',
        guard: () => {
          guarded = true;
        },
      }),
    );

    expect(code).toBe('NOT_FOUND');
    expect(guarded).toBe(false);
  });

  it('keeps the status the caller read for an event that only adds to the timeline, and only while it holds', async () => {
    const paid = oneCase('paid');
    const returnedSince = oneCase('payment_returned');
    const rating = { at: AT, status: 'paid' as const, by: 'x', details: { score: 5, comment: '很快' } };

    const { record } = await applyCaseEvent(paid.cases, 'c1', 'rated', rating);
    const code = await refusal(applyCaseEvent(returnedSince.cases, 'c1', 'rated', rating));

    expect(record.status).toBe('paid');
    expect(paid.written[0]?.entry.note).toBe('评价：5 分，很快');
    expect(code).toBe('CASE_STATUS_CHANGED');
  });

  it('hands back the resume an event that ends the chain’s wait owes', async () => {
    const store = oneCase('announced');

    const { record, resume } = await applyCaseEvent(store.cases, 'c1', 'announcement_ended', {
      at: AT,
      by: 'system:sla-sweep',
      resumeWith: { outcome: 'approve' },
    });

    expect(record.status).toBe('approved');
    expect(resume.output).toEqual({ outcome: 'approve' });
  });

  it('declares every event with statuses to leave and a status to reach', () => {
    for (const [name, event] of Object.entries(CASE_EVENTS)) {
      expect(event.from === 'any' || event.from.length > 0, name).toBe(true);
      expect(event.to, name).toBeTruthy();
    }
  });
});
