// The approval chain (the real ASL) on the local Step Functions engine, with a scripted stand-in for its step function.
import { readFileSync } from 'node:fs';
import { createStepFunctions, type LocalStepFunctions } from '../../infra/local/stepfunctions.ts';
import { LambdaError, type StateMachineSpec } from '../../infra/local/types.ts';

export const ACCOUNT = '123456789012';
export const APPROVAL_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Approval`;
export const REMINDER_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Reminder`;
const STEPS_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ApprovalSteps`;

const substitutions: Record<string, string> = { Partition: 'aws', ApprovalStepsFunctionArn: STEPS_ARN };
const approvalDefinition = JSON.parse(
  readFileSync(new URL('../../statemachines/approval.asl.json', import.meta.url), 'utf8').replace(
    /\$\{(\w+)\}/g,
    (_, placeholder: string) => {
      const value = substitutions[placeholder];
      if (value === undefined) throw new Error(`no substitution for the placeholder ${placeholder}`);
      return value;
    },
  ),
) as Record<string, unknown>;

// A reminder some time after a step: a Wait whose length comes with the input, then the input unchanged.
const reminderDefinition = {
  StartAt: 'Remind',
  States: {
    Remind: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Reminded' },
    Reminded: { Type: 'Pass', End: true },
  },
};

const machines: StateMachineSpec[] = [
  { logicalId: 'Approval', name: 'Approval', arn: APPROVAL_ARN, definition: approvalDefinition },
  { logicalId: 'Reminder', name: 'Reminder', arn: REMINDER_ARN, definition: reminderDefinition },
];

export interface StepCall {
  step: string;
  caseId: string;
  payload: Record<string, unknown>;
}

/** What the stand-in does, per case: hang on routing (a kill between states) or refuse the payout order. */
export interface ChainScript {
  calls: StepCall[];
  hangRoute: Set<string>;
  refusePayout: Set<string>;
}

export function chainScript(): ChainScript {
  return { calls: [], hangRoute: new Set(), refusePayout: new Set() };
}

function stepsFunction(script: ChainScript) {
  return async (_functionName: string, event: unknown): Promise<unknown> => {
    const payload = event as Record<string, unknown>;
    const step = String(payload.step);
    const caseId = String(payload.caseId);
    script.calls.push({ step, caseId, payload });
    switch (step) {
      case 'route':
        if (script.hangRoute.has(caseId)) return new Promise(() => {});
        // 即申即享 as the guide shapes it: pre-check, joint review, the department's decision, no announcement.
        return {
          timeLimits: { initialReview: 3 },
          process: {
            eligibilityCheck: true,
            initialReview: false,
            substantiveReview: false,
            jointReview: 'before_decision',
            announcementDays: 0,
          },
        };
      case 'checkEligibility':
        return { outcome: 'approve' };
      case 'jointReview':
        return { clear: true };
      case 'sendPayoutOrder':
        if (script.refusePayout.has(caseId))
          throw new LambdaError('PayoutRefused', 'the fund pool is closed');
        return { orderId: `order-${caseId}` };
      default:
        return { done: step };
    }
  };
}

/** An engine journaling under `journalDir`; a second one on the same directory is the platform after a restart. */
export function chainEngine(journalDir: string, script: ChainScript): LocalStepFunctions {
  return createStepFunctions({
    machines,
    invoke: stepsFunction(script),
    region: 'us-east-1',
    accountId: ACCOUNT,
    partition: 'aws',
    journalDir,
  });
}
