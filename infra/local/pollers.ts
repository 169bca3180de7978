// Emulates a Lambda SQS event source mapping locally: receive a batch, invoke the function, delete what succeeded.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { LOCAL_CREDENTIALS } from './loopback.ts';
import type { EventSourceMappingSpec, InvokeFunction, Stoppable } from './types.ts';

/** Short long-poll so stop() never waits long for an idle receive. */
const WAIT_TIME_SECONDS = 1;
/** SQS's own ceiling for one ReceiveMessage / DeleteMessageBatch call. */
const SQS_BATCH_LIMIT = 10;
const BACKOFF_MIN_MS = 200;
const BACKOFF_MAX_MS = 5_000;

export interface PollerOptions {
  endpoint: string;
  queueUrl: string;
  queueArn: string;
  mapping: EventSourceMappingSpec;
  invoke: InvokeFunction;
  region?: string;
  /** Parallel batches for this mapping (its MaximumConcurrency); one when the mapping sets none. */
  concurrency?: number;
  /** Poller trouble (engine unreachable, delete failed); the loop keeps going after a back-off. */
  onError?: (err: unknown) => void;
  /** The function failed the whole batch; its messages return after the visibility timeout. */
  onInvokeError?: (err: unknown, messageIds: string[]) => void;
}

/** Starts polling the queue for the mapping's function; stop() lets the batch in flight finish first. */
export function startPoller(options: PollerOptions): Stoppable {
  const region = options.region ?? 'us-east-1';
  const client = new SQSClient({ endpoint: options.endpoint, region, credentials: LOCAL_CREDENTIALS });
  const { mapping } = options;
  const batchSize = Math.max(1, mapping.batchSize);
  const batchingWindowMs = (mapping.maximumBatchingWindowSeconds ?? 0) * 1000;
  const stopController = new AbortController();
  const stopping = stopController.signal;

  const receive = async (maxMessages: number, waitTimeSeconds: number): Promise<Message[]> => {
    const response = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(maxMessages, SQS_BATCH_LIMIT),
        WaitTimeSeconds: waitTimeSeconds,
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return response.Messages ?? [];
  };

  /** Waits for a first message, then keeps gathering until the batch is full or the batching window closes. */
  const gatherBatch = async (): Promise<Message[]> => {
    const batch = await receive(batchSize, WAIT_TIME_SECONDS);
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + batchingWindowMs;
    while (batch.length < batchSize && !stopping.aborted) {
      const remainingMs = windowEnds - Date.now();
      if (remainingMs <= 0) break;
      const more = await receive(
        batchSize - batch.length,
        Math.min(WAIT_TIME_SECONDS, Math.floor(remainingMs / 1000)),
      );
      batch.push(...more);
      if (more.length === 0 && remainingMs < 1000) await sleep(Math.min(100, remainingMs), stopping);
    }
    return batch;
  };

  const deleteMessages = async (messages: Message[]): Promise<void> => {
    for (let start = 0; start < messages.length; start += SQS_BATCH_LIMIT) {
      const chunk = messages.slice(start, start + SQS_BATCH_LIMIT);
      const response = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
      if (response.Failed && response.Failed.length > 0) {
        const reasons = response.Failed.map((failure) => `${failure.Code}: ${failure.Message ?? ''}`).join(
          '; ',
        );
        options.onError?.(
          new Error(`Could not delete processed messages from ${options.queueArn}: ${reasons}`),
        );
      }
    }
  };

  /** Hands messages received while stopping straight back to the queue instead of invoking after stop(). */
  const release = async (messages: Message[]): Promise<void> => {
    if (messages.length === 0) return;
    try {
      for (let start = 0; start < messages.length; start += SQS_BATCH_LIMIT) {
        const chunk = messages.slice(start, start + SQS_BATCH_LIMIT);
        await client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      }
    } catch {
      // They come back after the visibility timeout anyway.
    }
  };

  const processBatch = async (messages: Message[]): Promise<void> => {
    const event: SQSEvent = {
      Records: messages.map((message) => toRecord(message, options.queueArn, region)),
    };
    let result: unknown;
    try {
      result = await options.invoke(mapping.functionName, event);
    } catch (error) {
      // Delete nothing: every message reappears after the visibility timeout and the queue's redrive applies.
      options.onInvokeError?.(
        error,
        messages.map((message) => message.MessageId ?? ''),
      );
      return;
    }
    const failedIds = mapping.reportBatchItemFailures ? failedItemIds(result, messages) : new Set<string>();
    if (failedIds === 'whole-batch') return;
    await deleteMessages(messages.filter((message) => !failedIds.has(message.MessageId ?? '')));
  };

  const runLoop = async (): Promise<void> => {
    let backoffMs = 0;
    while (!stopping.aborted) {
      try {
        const batch = await gatherBatch();
        if (stopping.aborted) {
          await release(batch);
          break;
        }
        if (batch.length > 0) await processBatch(batch);
        backoffMs = 0;
      } catch (error) {
        if (stopping.aborted) break;
        options.onError?.(error);
        backoffMs = Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, backoffMs * 2));
        await sleep(backoffMs, stopping);
      }
    }
  };

  const loops = mapping.enabled
    ? Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => runLoop())
    : [];

  return {
    async stop() {
      stopController.abort();
      await Promise.all(loops);
      client.destroy();
    },
  };
}

/**
 * Reads a partial batch response the way Lambda does: no answer or an empty list means all succeeded; a malformed
 * answer, or an identifier that is empty or not in the batch, fails the whole batch.
 */
function failedItemIds(result: unknown, messages: Message[]): Set<string> | 'whole-batch' {
  if (result === null || typeof result !== 'object') return new Set();
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'whole-batch';
  const batchIds = new Set(messages.map((message) => message.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id: unknown = failure !== null && typeof failure === 'object' ? failure.itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '' || !batchIds.has(id)) return 'whole-batch';
    failed.add(id);
  }
  return failed;
}

/** Shapes an SQS API message like the record Lambda hands an SQS-triggered function. */
function toRecord(message: Message, queueArn: string, awsRegion: string): SQSRecord {
  const system = message.Attributes ?? {};
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
    SentTimestamp: system.SentTimestamp ?? String(Date.now()),
    SenderId: system.SenderId ?? '000000000000',
    ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  };
  for (const name of [
    'AWSTraceHeader',
    'SequenceNumber',
    'MessageGroupId',
    'MessageDeduplicationId',
  ] as const) {
    const value = system[name];
    if (value !== undefined) attributes[name] = value;
  }
  const record: SQSRecord = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes: toRecordMessageAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

/** Lambda lower-cases the attribute fields and base64-encodes binary values. */
function toRecordMessageAttributes(
  source: Record<string, MessageAttributeValue> | undefined,
): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(source ?? {})) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map(toBase64),
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: toBase64(value.BinaryValue) } : {}),
    };
  }
  return result;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Resolves after ms, or early once the signal aborts, so back-offs never delay stop(). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
