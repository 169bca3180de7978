// The chain's AWS wiring shared by every function that resumes or inspects an approval chain execution.
import { SFNClient } from '@aws-sdk/client-sfn';
import { logger, tracer } from '../observability.ts';
import { type ChainEngine, sfnChainEngine } from './engine.ts';
import { dynamoChainStore } from './repository.ts';
import { type PendingResume, sendResume } from './resumes.ts';

const sfn = tracer.captureAWSv3Client(new SFNClient({}));

/** The chain engine; functions that address executions pass the state machine's ARN from their environment. */
export const chainEngine = (stateMachineArn?: string): ChainEngine => sfnChainEngine(sfn, stateMachineArn);

/** Sends a stored resume once, leaving any failure to the resume sweep: what a request does after a decision. */
export function chainResumer(casesTable: string): (resume: PendingResume) => Promise<unknown> {
  const engine = chainEngine();
  const store = dynamoChainStore(casesTable);
  return (resume) =>
    sendResume(
      {
        sendTaskSuccess: engine.sendTaskSuccess,
        resumeDone: store.resumeDone,
        report: (message, details) => logger.warn(message, details),
      },
      resume,
    );
}
