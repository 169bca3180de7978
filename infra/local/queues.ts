// Runs the template's SQS queues and S3 buckets on an in-process fauxqs server, persisted so messages survive restarts.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { LOCAL_CREDENTIALS } from './loopback.ts';
import type { QueueSpec, Stoppable } from './types.ts';

const LOCAL_REGION = 'us-east-1';
/** fauxqs's fixed account id, part of every queue URL and ARN it serves. */
const LOCAL_ACCOUNT_ID = '000000000000';

export interface LocalQueues extends Stoppable {
  endpoint: string;
  urlOf(queueName: string): string;
  arnOf(queueName: string): string;
  /**
   * Test clock: moves the queues' time forward by `ms`, as the Step Functions engine's test clock moves its own, so
   * a message a consumer received (and perhaps died with) comes back once the clock passes its visibility timeout,
   * as it would on SQS after that much time. Each in-flight message's remaining timeout is shortened by `ms` through
   * ChangeMessageVisibility, so the new deadline is stored with it and outlives a restart. Visibility timeouts are
   * the only time the local queues keep: the template sets no delays, and the local engine expires no message.
   */
  advanceClock(ms: number): Promise<void>;
  /** Messages waiting to be received and messages received but neither deleted nor back yet (in flight). */
  depthOf(queueName: string): Promise<{ visible: number; inFlight: number }>;
}

/** Starts fauxqs on dataDir and makes sure every queue exists with the template's attributes, and every bucket. */
export async function startQueues(options: {
  dataDir: string;
  queues: QueueSpec[];
  /** Local bucket names; fauxqs serves S3 on the same port. */
  buckets?: string[];
  port?: number;
}): Promise<LocalQueues> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const server = await startFauxqs({
    port: options.port ?? 0,
    logger: false,
    dataDir,
    defaultRegion: LOCAL_REGION,
  });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const known = new Set(options.queues.map((queue) => queue.queueName));
  const assertKnown = (queueName: string): void => {
    if (!known.has(queueName)) throw new Error(`Unknown local queue: ${queueName}`);
  };
  const arnOf = (queueName: string): string => {
    assertKnown(queueName);
    return queueArn(queueName);
  };
  // Built from the current port rather than read back from fauxqs: a restored queue keeps the URL of the
  // run that created it, while fauxqs resolves any URL by its last path segment.
  const urlOf = (queueName: string): string => {
    assertKnown(queueName);
    return `${endpoint}/${LOCAL_ACCOUNT_ID}/${queueName}`;
  };

  const client = new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    // Idempotent: a bucket restored from dataDir keeps its objects.
    for (const bucket of options.buckets ?? []) server.createBucket(bucket);
    for (const queue of inRedriveOrder(options.queues)) {
      if (server.inspectQueue(queue.queueName) === undefined) {
        server.createQueue(queue.queueName, { attributes: queueAttributes(queue) });
      } else {
        // createQueue would replace the restored queue and drop its messages; only bring the settings up to date.
        await client.send(
          new SetQueueAttributesCommand({
            QueueUrl: urlOf(queue.queueName),
            Attributes: changedSettings(queue),
          }),
        );
      }
    }
  } catch (error) {
    client.destroy();
    await server.stop();
    throw error;
  }

  async function advanceClock(ms: number): Promise<void> {
    const now = Date.now();
    for (const queueName of known) {
      for (const { receiptHandle, visibilityDeadline } of server.inspectQueue(queueName)?.messages.inflight ??
        []) {
        // At least a second: a change to 0 fails in fauxqs's store (it writes a null receive count) and drops the
        // message from memory until the next start. A message due now comes back a second later instead.
        const remainingMs = Math.max(1_000, visibilityDeadline - now - ms);
        if (remainingMs >= visibilityDeadline - now) continue;
        try {
          await client.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: urlOf(queueName),
              ReceiptHandle: receiptHandle,
              VisibilityTimeout: Math.ceil(remainingMs / 1000),
            }),
          );
        } catch {
          // Deleted or received again meanwhile: its consumer has it, with a timeout that starts now.
        }
      }
    }
  }

  async function depthOf(queueName: string): Promise<{ visible: number; inFlight: number }> {
    const { Attributes: attributes = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: urlOf(queueName),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return {
      visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    };
  }

  return {
    endpoint,
    urlOf,
    arnOf,
    advanceClock,
    depthOf,
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

function queueArn(queueName: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${queueName}`;
}

function queueAttributes(queue: QueueSpec): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (queue.visibilityTimeoutSeconds !== undefined) {
    attributes.VisibilityTimeout = String(queue.visibilityTimeoutSeconds);
  }
  if (queue.messageRetentionSeconds !== undefined) {
    attributes.MessageRetentionPeriod = String(queue.messageRetentionSeconds);
  }
  if (queue.fifo) attributes.FifoQueue = 'true';
  if (queue.redrive) {
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: queueArn(queue.redrive.deadLetterQueueName),
      maxReceiveCount: queue.redrive.maxReceiveCount,
    });
  }
  return attributes;
}

/** Settings for a restored queue: what the template says now, with SQS defaults where it says nothing. */
function changedSettings(queue: QueueSpec): Record<string, string> {
  // FifoQueue cannot change after creation (and is implied by the .fifo name anyway).
  const { FifoQueue: _immutable, ...settings } = queueAttributes(queue);
  return {
    VisibilityTimeout: '30',
    MessageRetentionPeriod: '345600',
    // An empty policy is how SQS (and fauxqs) drops a redrive an earlier template had.
    RedrivePolicy: '',
    ...settings,
  };
}

/** Orders queues so each dead-letter queue exists before any queue that redrives into it. */
function inRedriveOrder(queues: QueueSpec[]): QueueSpec[] {
  const byName = new Map(queues.map((queue) => [queue.queueName, queue]));
  const ordered: QueueSpec[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (queue: QueueSpec): void => {
    if (placed.has(queue.queueName)) return;
    if (visiting.has(queue.queueName)) {
      throw new Error(`Redrive cycle through queue ${queue.queueName}`);
    }
    visiting.add(queue.queueName);
    const deadLetterName = queue.redrive?.deadLetterQueueName;
    if (deadLetterName !== undefined) {
      const deadLetterQueue = byName.get(deadLetterName);
      if (!deadLetterQueue) {
        throw new Error(
          `Queue ${queue.queueName} redrives to ${deadLetterName}, which the template does not declare`,
        );
      }
      place(deadLetterQueue);
    }
    visiting.delete(queue.queueName);
    placed.add(queue.queueName);
    ordered.push(queue);
  };
  for (const queue of queues) place(queue);
  return ordered;
}
