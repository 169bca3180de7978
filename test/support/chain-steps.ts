// What a chain test does as the people in it: wait for a task or a status (the chain moves asynchronously), decide,
// file. `client` is read on every call, so a test that restarts its platform keeps the same helpers.
import { expect } from 'vitest';
import { eventually, type PlatformClient } from './platform.ts';

export function chainSteps(client: () => Pick<PlatformClient, 'call'>, timeoutMs = 15_000) {
  return {
    /** The assignee's open task for the case at the step, once the chain has opened it. */
    taskOf: (token: string, caseId: string, step: string) =>
      eventually(async () => {
        const tasks = await client().call('GET', '/tasks', { token });
        const found = tasks.body.items.find(
          (task: { caseId: string; step: string }) => task.caseId === caseId && task.step === step,
        );
        if (!found) throw new Error(`no open ${step} task for ${caseId}`);
        return found;
      }, timeoutMs),
    /** The case as the caller sees it, once it has reached the status. */
    statusOf: (caseId: string, token: string, status: string) =>
      eventually(async () => {
        const view = await client().call('GET', `/applications/${caseId}`, { token });
        if (view.body.status !== status)
          throw new Error(`case ${caseId} is ${view.body.status}, not ${status}`);
        return view.body;
      }, timeoutMs),
    async decide(token: string, taskId: string, body: Record<string, unknown>) {
      const response = await client().call('POST', `/tasks/${taskId}/decision`, { token, body });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    },
    async file(token: string, policyId: string): Promise<string> {
      const filed = await client().call('POST', '/applications', { token, body: { policyId } });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      return filed.body.id as string;
    },
  };
}
