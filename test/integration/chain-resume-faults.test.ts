// A stored decision always takes effect: Step Functions refusing or timing out the resume after the decision is
// stored never reaches the person, and the resume sweep moves the case on exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, eventually, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

type Fault = 'throttle' | 'slow' | undefined;

describe('chain resumes under faults', () => {
  let local: TestPlatform;
  let tourism: string;
  let fault: Fault;
  const delivered: string[] = [];

  beforeAll(async () => {
    local = await bootPlatform();
    tourism = await local.token('department', '360728-wgxlj');
    // The engine's endpoint as the functions reach it: a fault on SendTaskSuccess, the rest untouched.
    const engine = local.platform.stepFunctions;
    const real = engine.handleJsonProtocol.bind(engine);
    engine.handleJsonProtocol = async (target, body) => {
      if (!target.endsWith('SendTaskSuccess') || !fault) return real(target, body);
      if (fault === 'throttle')
        return { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
      // Taken by the engine, but answered after the caller stopped waiting.
      const answer = await real(target, body);
      delivered.push(target);
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      return answer;
    };
  });
  afterAll(async () => {
    await local?.stop();
  });

  const openTask = (caseId: string) =>
    eventually(async () => {
      const tasks = await local.call('GET', '/tasks', { token: tourism });
      const found = tasks.body.items.find((task: { caseId: string }) => task.caseId === caseId);
      if (!found) throw new Error(`no open task for ${caseId}`);
      return found as { id: string; step: string };
    });
  const view = async (caseId: string) =>
    (await local.call('GET', `/applications/${caseId}`, { token: tourism })).body;
  const resumeSweep = async () =>
    local.platform.invoke(
      local.platform.assembly.functions.find((f) => f.name.startsWith('ChainWatch'))?.name ?? '',
      { watch: 'resumes', time: new Date(Date.now() + 60_000).toISOString() },
    );
  const fileInstant = async (seed: string) => {
    const enterprise = await local.registerEnterprise(validUscc(seed));
    const filed = await local.call('POST', '/applications', {
      token: enterprise,
      body: { policyId: '360728-020' },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    return { caseId: filed.body.id as string, enterprise };
  };
  const countOf = (record: { timeline: { status: string }[] }, status: string) =>
    record.timeline.filter((entry) => entry.status === status).length;

  it('a refused resume: the reviewer gets the stored decision, and the sweep moves the case on once', async () => {
    // Prepare
    const { caseId } = await fileInstant('91360728MA35F1AA1');
    const task = await openTask(caseId);
    // Act: the engine throttles every resume while the reviewer decides.
    fault = 'throttle';
    const decided = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: tourism,
      body: { outcome: 'approve', amountFen: 150_000 },
    });
    const retried = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: tourism,
      body: { outcome: 'approve', amountFen: 150_000 },
    });
    const waiting = await view(caseId);
    fault = undefined;
    const first = await resumeSweep();
    const second = await resumeSweep();
    // Assess
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'decided',
      decision: { outcome: 'approve', amountFen: 150_000 },
    });
    expect(retried.status).toBe(409);
    expect(waiting.status).toBe('in_review');
    expect(first).toEqual({ resumed: 1, gone: 0, pending: 0 });
    expect(second).toEqual({ resumed: 0, gone: 0, pending: 0 });
    const sent = await eventually(async () => {
      const record = await view(caseId);
      if (record.status !== 'sent_to_payer') throw new Error(record.status);
      return record;
    });
    expect(countOf(sent, 'sent_to_payer')).toBe(1);
    expect(sent.approvedAmountFen).toBe(150_000);
  });

  it('a resume that times out after the engine took it is not sent twice', async () => {
    // Prepare
    const { caseId } = await fileInstant('91360728MA35F1AA2');
    const task = await openTask(caseId);
    // Act: the engine takes the resume but answers after the reviewer's request stopped waiting for it.
    fault = 'slow';
    const decided = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: tourism,
      body: { outcome: 'approve', amountFen: 120_000 },
    });
    fault = undefined;
    const sent = await eventually(async () => {
      const record = await view(caseId);
      if (record.status !== 'sent_to_payer') throw new Error(record.status);
      return record;
    });
    const swept = await resumeSweep();
    // Assess: the stored resume finds its token used, and ends without a second resume.
    expect(decided.status).toBe(200);
    expect(delivered).toHaveLength(1);
    expect(swept).toEqual({ resumed: 0, gone: 1, pending: 0 });
    expect(countOf(await view(caseId), 'sent_to_payer')).toBe(1);
    expect(sent.approvedAmountFen).toBe(120_000);
  });

  it('a resubmission whose resume is refused is taken up by the sweep', async () => {
    // Prepare: the department returns the case for a correction.
    const { caseId, enterprise } = await fileInstant('91360728MA35F1AA3');
    const task = await openTask(caseId);
    await local.call('POST', `/tasks/${task.id}/decision`, {
      token: tourism,
      body: { outcome: 'return', reason: '请补充营业执照副本' },
    });
    await eventually(async () => {
      if ((await view(caseId)).status !== 'returned') throw new Error('not returned yet');
    });
    // Act
    fault = 'throttle';
    const resubmitted = await local.call('POST', `/applications/${caseId}/resubmit`, {
      token: enterprise,
      body: { note: '已补充' },
    });
    fault = undefined;
    const swept = await resumeSweep();
    // Assess: the correction stands, and the department's decision task opens again once the sweep resumed.
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('in_review');
    expect(swept).toEqual({ resumed: 1, gone: 0, pending: 0 });
    const reopened = await openTask(caseId);
    expect(reopened.id).not.toBe(task.id);
    expect(reopened.step).toBe('department_decision');
  });
});
