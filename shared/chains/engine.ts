// The approval chain's engine as the domain needs it: resume a token, describe, redrive or start a case's execution.
import {
  DescribeExecutionCommand,
  RedriveExecutionCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { SendOutcome } from './resumes.ts';

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE';

export interface ExecutionState {
  status: ExecutionStatus;
  error?: string;
  cause?: string;
  stopDate?: Date;
}

export interface ChainEngine {
  sendTaskSuccess(token: string, output: unknown): Promise<SendOutcome>;
  /** Undefined when the engine has no such execution. */
  describe(name: string): Promise<ExecutionState | undefined>;
  /** Runs a failed, timed-out or aborted execution again from the state that stopped it; false if it cannot. */
  redrive(name: string): Promise<boolean>;
  start(name: string, input: unknown): Promise<void>;
  executionArn(name: string): string;
}

/** How long a person's request waits for a resume before leaving it to the sweep. */
const SEND_TIMEOUT_MS = 5_000;

/** Errors meaning the token waits no more: it was used, timed out, or its execution ended. */
const TOKEN_GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

const nameOf = (error: unknown) => (error instanceof Error ? error.name : '');

/** The state machine's ARN is needed to address executions; resuming a token needs none. */
export function sfnChainEngine(client: SFNClient, stateMachineArn?: string): ChainEngine {
  const machine = () => {
    if (!stateMachineArn) throw new Error('no approval chain state machine was configured');
    return stateMachineArn;
  };
  // An execution's ARN is its machine's with the resource type and the execution name: arn:…:execution:Machine:name.
  const executionArn = (name: string) => `${machine().replace(':stateMachine:', ':execution:')}:${name}`;
  return {
    executionArn,
    async sendTaskSuccess(token, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }), {
          abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        return 'resumed';
      } catch (error) {
        if (TOKEN_GONE.has(nameOf(error))) return 'gone';
        throw error;
      }
    },
    async describe(name) {
      try {
        const described = await client.send(
          new DescribeExecutionCommand({ executionArn: executionArn(name) }),
        );
        return {
          status: (described.status ?? 'RUNNING') as ExecutionStatus,
          ...(described.error ? { error: described.error } : {}),
          ...(described.cause ? { cause: described.cause } : {}),
          ...(described.stopDate ? { stopDate: described.stopDate } : {}),
        };
      } catch (error) {
        if (nameOf(error) === 'ExecutionDoesNotExist') return undefined;
        throw error;
      }
    },
    async redrive(name) {
      try {
        await client.send(new RedriveExecutionCommand({ executionArn: executionArn(name) }));
        return true;
      } catch (error) {
        if (nameOf(error) === 'ExecutionNotRedrivable' || nameOf(error) === 'ExecutionDoesNotExist')
          return false;
        throw error;
      }
    },
    async start(name, input) {
      await client.send(
        new StartExecutionCommand({ stateMachineArn: machine(), name, input: JSON.stringify(input) }),
      );
    },
  };
}
