// Payout orders the payer gave up on after every retry wait in the dead-letter queue (and raise its alarm) until
// someone acts; the payer's list shows them beside the payments, read without taking them off the queue.
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { payoutOrder } from './payments.ts';

export interface DeadLetter {
  messageId: string;
  /** Present when the message is a readable payout order. */
  paymentId?: string;
  uscc?: string;
  policyId?: string;
  amountFen?: number;
  body: string;
  sentAt?: string;
}

export interface DeadLetters {
  peek(): Promise<DeadLetter[]>;
}

const ROUNDS = 5;

export function sqsDeadLetters(sqs: SQSClient, queueUrl: string): DeadLetters {
  return {
    async peek() {
      const seen = new Map<string, DeadLetter>();
      // A zero visibility timeout leaves each message where it is; several rounds see past SQS's sampling.
      for (let round = 0; round < ROUNDS; round++) {
        const result = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 0,
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['SentTimestamp'],
          }),
        );
        for (const message of result.Messages ?? []) {
          if (!message.MessageId || seen.has(message.MessageId)) continue;
          const body = message.Body ?? '';
          let order: ReturnType<typeof payoutOrder.safeParse> | undefined;
          try {
            order = payoutOrder.safeParse(JSON.parse(body));
          } catch {
            order = undefined;
          }
          const sent = message.Attributes?.SentTimestamp;
          seen.set(message.MessageId, {
            messageId: message.MessageId,
            ...(order?.success
              ? {
                  paymentId: order.data.paymentId,
                  uscc: order.data.uscc,
                  policyId: order.data.policyId,
                  amountFen: order.data.amountFen,
                }
              : {}),
            body: body.slice(0, 2000),
            ...(sent ? { sentAt: new Date(Number(sent)).toISOString() } : {}),
          });
        }
        if ((result.Messages ?? []).length === 0) break;
      }
      return [...seen.values()];
    },
  };
}
