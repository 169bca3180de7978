// SQS work queues: encrypted, TLS-only, each with the dead-letter queue its repeated failures are kept in.
import { Duration, type Stack } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';

export interface WorkQueueProps {
  /** Long enough for the consumer's whole batch, so a slow batch is not delivered twice. */
  visibilityTimeout: Duration;
  retentionPeriod: Duration;
  /** Deliveries before a message is set aside in the dead-letter queue. */
  maxReceiveCount: number;
  /** What its messages are, in the operators' words (兑付指令), for the dead-letter alarm. */
  carries: string;
  /** What the operators do when a message is set aside, told in the dead-letter alarm. */
  onDeadLetter: string;
}

export interface WorkQueue extends Pick<WorkQueueProps, 'maxReceiveCount' | 'carries' | 'onDeadLetter'> {
  name: string;
  queue: Queue;
  deadLetterQueue: Queue;
}

/** Declares `<name>Queue` and `<name>DeadLetterQueue`. */
export function workQueue(stack: Stack, name: string, props: WorkQueueProps): WorkQueue {
  const secure = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true };
  const deadLetterQueue = new Queue(stack, `${name}DeadLetterQueue`, {
    ...secure,
    retentionPeriod: Duration.days(14),
  });
  const queue = new Queue(stack, `${name}Queue`, {
    ...secure,
    visibilityTimeout: props.visibilityTimeout,
    retentionPeriod: props.retentionPeriod,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });
  const { maxReceiveCount, carries, onDeadLetter } = props;
  return { name, queue, deadLetterQueue, maxReceiveCount, carries, onDeadLetter };
}
