// The payout queue as a port: departments' whitelists, approved cases and the sweep's re-drives all send here.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { attemptOf, type PaymentStore, type PayoutOrder, payoutOrder } from './payments.ts';

export interface PayoutQueue {
  /** Sends every order or throws; a repeat is harmless, the payer keys everything by payment id. */
  send(orders: PayoutOrder[]): Promise<void>;
}

const SQS_BATCH = 10;
const PARALLEL = 10;

export function sqsPayoutQueue(sqs: SQSClient, queueUrl: string): PayoutQueue {
  const sendTen = async (orders: PayoutOrder[]) => {
    let pending = orders.map((order, index) => ({ Id: String(index), MessageBody: JSON.stringify(order) }));
    // SQS may fail single entries of a batch; those are sent again, then the whole call fails.
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
      pending = pending.filter((entry) => failed.has(entry.Id));
      if (pending.length > 0 && attempt >= 3) {
        throw new Error(`${pending.length} payout orders were not accepted by the queue`);
      }
    }
  };
  return {
    async send(orders) {
      const tens: PayoutOrder[][] = [];
      for (let i = 0; i < orders.length; i += SQS_BATCH) tens.push(orders.slice(i, i + SQS_BATCH));
      for (let i = 0; i < tens.length; i += PARALLEL) {
        await Promise.all(tens.slice(i, i + PARALLEL).map(sendTen));
      }
    },
  };
}

/**
 * Sends the orders of the payments the bank references name (their attempts) to the payer again: the bank answered
 * them, and the payer settles each once and tells its enterprise.
 */
export async function sendAgain(
  ports: { payments: Pick<PaymentStore, 'get'>; queue: PayoutQueue },
  references: string[],
): Promise<void> {
  const ids = [...new Set(references.map((reference) => attemptOf(reference).paymentId))];
  const payments = await Promise.all(ids.map((id) => ports.payments.get(id)));
  await ports.queue.send(payments.flatMap((payment) => (payment ? [payoutOrder.parse(payment)] : [])));
}
