import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/cases/types.ts';
import type { ChainEngine, ExecutionState } from '../../shared/chains/engine.ts';
import type { StuckCase } from '../../shared/chains/repository.ts';
import {
  type ChainResumePorts,
  type PendingResume,
  pendingResume,
  RESUME_GRACE_MS,
  resendPendingResumes,
  sendResume,
} from '../../shared/chains/resumes.ts';
import { checkStuckCases, redriveCase } from '../../shared/chains/stuck.ts';
import { DomainError } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';

const NOW = new Date('2026-11-30T08:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

/** A chain engine whose tokens are consumed once, and whose sends fail as many times as asked first. */
function fakeEngine(options: { failures?: number; executions?: Record<string, ExecutionState> } = {}) {
  let failures = options.failures ?? 0;
  const waiting = new Set<string>(['t1', 't2']);
  const resumed: string[] = [];
  const started: string[] = [];
  const redriven: string[] = [];
  const executions = options.executions ?? {};
  const engine: ChainEngine = {
    async sendTaskSuccess(token) {
      if (failures > 0) {
        failures--;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      if (!waiting.delete(token)) return 'gone';
      resumed.push(token);
      return 'resumed';
    },
    describe: async (name) => executions[name],
    async redrive(name) {
      const execution = executions[name];
      if (!execution || execution.status === 'SUCCEEDED' || execution.status === 'RUNNING') return false;
      redriven.push(name);
      executions[name] = { status: 'RUNNING' };
      return true;
    },
    async start(name) {
      started.push(name);
      executions[name] = { status: 'RUNNING' };
    },
    executionArn: (name) => `arn:aws:states:cn-northwest-1:1:execution:ApprovalChain:${name}`,
  };
  return { engine, resumed, started, redriven };
}

function resumePorts(engine: ChainEngine, stored: PendingResume[]): ChainResumePorts & { reports: string[] } {
  const reports: string[] = [];
  return {
    sendTaskSuccess: engine.sendTaskSuccess,
    async resumeDone(id) {
      stored.splice(
        stored.findIndex((resume) => resume.id === id),
        1,
      );
    },
    pendingResumes: async (before) => stored.filter((resume) => resume.createdAt < before),
    report: (message) => reports.push(message),
    now: () => NOW,
    reports,
  };
}

describe('chain resumes', () => {
  it('a send that fails leaves the resume stored, and the sweep delivers it exactly once', async () => {
    const { engine, resumed } = fakeEngine({ failures: 1 });
    const resume = pendingResume('case-1', 't1', { outcome: 'approve' }, minutesAgo(5));
    const stored = [resume];
    const ports = resumePorts(engine, stored);

    expect(await sendResume(ports, resume)).toBe('pending');
    expect(stored).toHaveLength(1);

    expect(await resendPendingResumes(ports)).toEqual({ resumed: 1, gone: 0, pending: 0 });
    expect(await resendPendingResumes(ports)).toEqual({ resumed: 0, gone: 0, pending: 0 });
    expect(resumed).toEqual(['t1']);
    expect(stored).toHaveLength(0);
  });

  it('a send whose answer was lost is found used on the next send, and ends without a second resume', async () => {
    const { engine, resumed } = fakeEngine();
    const resume = pendingResume('case-1', 't1', {}, minutesAgo(5));
    // The engine took the first send, but its answer never reached the caller: the resume stays stored.
    await engine.sendTaskSuccess('t1', {});
    const stored = [resume];

    expect(await resendPendingResumes(resumePorts(engine, stored))).toEqual({
      resumed: 0,
      gone: 1,
      pending: 0,
    });
    expect(resumed).toEqual(['t1']);
    expect(stored).toHaveLength(0);
  });

  it('leaves a resume younger than the grace to the request that stored it', async () => {
    const { engine } = fakeEngine();
    const fresh = pendingResume(
      'case-2',
      't2',
      {},
      new Date(NOW.getTime() - RESUME_GRACE_MS + 1_000).toISOString(),
    );
    const stored = [fresh];
    expect(await resendPendingResumes(resumePorts(engine, stored))).toEqual({
      resumed: 0,
      gone: 0,
      pending: 0,
    });
    expect(stored).toHaveLength(1);
  });

  it('one resume per token', () => {
    expect(pendingResume('a', 'token', 1, NOW.toISOString()).id).toBe(
      pendingResume('b', 'token', 2, NOW.toISOString()).id,
    );
    expect(pendingResume('a', 'token', 1, NOW.toISOString()).id).not.toBe(
      pendingResume('a', 'other', 1, NOW.toISOString()).id,
    );
  });
});

const chainCase = (
  id: string,
  status: Case['status'],
  moved = minutesAgo(30),
  extra: Partial<Case> = {},
): Case => ({
  id,
  policyId: '360728-001',
  policyVersion: 1,
  mode: 'review',
  divisionCode: '360728',
  departmentId: '360728-swj',
  uscc: '91360728MA35F0XQ1E',
  channel: 'online',
  period: '2026',
  status,
  timeline: [{ at: moved, status, by: 'chain:approval' }],
  createdAt: moved,
  ...extra,
});

function fakeStore(cases: Case[], stuck: StuckCase[] = []) {
  return {
    casesInChain: async () => cases,
    listStuck: async (division?: string) => stuck.filter((s) => !division || s.divisionCode === division),
    async markStuck(entry: StuckCase) {
      const at = stuck.findIndex((s) => s.caseId === entry.caseId);
      if (at >= 0) stuck.splice(at, 1);
      stuck.push(entry);
    },
    async clearStuck(_division: string, caseId: string) {
      const at = stuck.findIndex((s) => s.caseId === caseId);
      if (at >= 0) stuck.splice(at, 1);
    },
    stuck,
  };
}

describe('stuck cases', () => {
  it('lists cases whose execution failed, stopped or is missing; starts a filed one that never started', async () => {
    const { engine, started } = fakeEngine({
      executions: {
        running: { status: 'RUNNING' },
        failed: { status: 'FAILED', error: 'CaseNotFound', stopDate: new Date(minutesAgo(20)) },
        ended: { status: 'SUCCEEDED' },
      },
    });
    const store = fakeStore(
      [
        chainCase('running', 'in_review'),
        chainCase('failed', 'in_review'),
        chainCase('ended', 'announced'),
        chainCase('lost', 'returned'),
        chainCase('never-started', 'submitted'),
        chainCase('just-filed', 'submitted', minutesAgo(0.5)),
      ],
      [{ caseId: 'mended', divisionCode: '360728' } as StuckCase],
    );
    const result = await checkStuckCases({ chains: engine, store, report: () => {}, now: () => NOW });

    expect(result).toEqual({ checked: 5, stuck: 3, started: 1 });
    expect(started).toEqual(['never-started']);
    expect(store.stuck.map((s) => [s.caseId, s.executionStatus])).toEqual([
      ['failed', 'FAILED'],
      ['ended', 'SUCCEEDED'],
      ['lost', 'MISSING'],
    ]);
    expect(store.stuck[0]?.since).toBe(minutesAgo(20));
    expect(store.stuck[0]?.reason).toContain('CaseNotFound');
  });

  const admin: Principal = { role: 'admin', subject: 'admin-1', division: '360728' };

  function redrivePorts(record: Case, executions: Record<string, ExecutionState>) {
    const fake = fakeEngine({ executions });
    const transitions: string[] = [];
    const ports = {
      cases: {
        getCase: async (id: string) => (id === record.id ? record : undefined),
        async transition(id: string, entry: { note?: string }, options: { fields?: unknown }) {
          transitions.push(`${id}: ${entry.note} ${JSON.stringify(options.fields ?? {})}`);
          return record;
        },
      },
      chains: fake.engine,
      store: fakeStore([record]),
      now: () => NOW,
    };
    return { ports, transitions, ...fake };
  }

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  };

  it('redrives a failed execution from where it stopped, audited on the case', async () => {
    const record = chainCase('failed', 'in_review');
    const { ports, transitions, redriven } = redrivePorts(record, { failed: { status: 'FAILED' } });
    const result = await redriveCase(ports as never, admin, 'failed', '数据库临时故障已排除');
    expect(redriven).toEqual(['failed']);
    expect(result.execution).toMatch(/:execution:ApprovalChain:failed$/);
    expect(transitions).toEqual(['failed: 恢复审批流程（从中断处继续）：数据库临时故障已排除 {}']);
  });

  it('starts a new execution for a filed case with none, and names it on the case', async () => {
    const record = chainCase('lost', 'submitted');
    const { ports, started, transitions } = redrivePorts(record, {});
    const result = await redriveCase(ports as never, admin, 'lost', '流程未启动');
    expect(started).toHaveLength(1);
    expect(result.execution.endsWith(started[0] ?? '?')).toBe(true);
    expect(transitions[0]).toContain('executionName');
  });

  it('refuses a case that is not stuck, one it cannot bring back, and one of another county', async () => {
    const running = chainCase('running', 'in_review');
    expect(
      await refusal(
        redriveCase(
          redrivePorts(running, { running: { status: 'RUNNING' } }).ports as never,
          admin,
          'running',
          'x',
        ),
      ),
    ).toBe('CASE_NOT_STUCK');
    const paid = chainCase('paid', 'paid');
    expect(await refusal(redriveCase(redrivePorts(paid, {}).ports as never, admin, 'paid', 'x'))).toBe(
      'CASE_NOT_STUCK',
    );
    const lost = chainCase('lost', 'announced');
    expect(await refusal(redriveCase(redrivePorts(lost, {}).ports as never, admin, 'lost', 'x'))).toBe(
      'CASE_NOT_REDRIVABLE',
    );
    const other = chainCase('other', 'in_review', minutesAgo(30), { divisionCode: '360727' });
    expect(await refusal(redriveCase(redrivePorts(other, {}).ports as never, admin, 'other', 'x'))).toBe(
      'NOT_FOUND',
    );
  });
});
