// Sending a recorded batch's orders to the payout queue, chunk after chunk, from where the last attempt stopped.
import { logger } from '../observability.ts';
import type { PayoutQueue } from '../payments/queue.ts';
import type { QueueCursor, WhitelistRepository } from './repository.ts';

/** Queues the chunks not yet queued. A failure is logged and left to the sweep: the batch is recorded already. */
export async function queueRest(
  ports: { whitelists: Pick<WhitelistRepository, 'chunk' | 'markQueued'>; queue: PayoutQueue },
  batch: QueueCursor,
): Promise<void> {
  try {
    for (let index = batch.queuedChunks; index < batch.chunkCount; index++) {
      await ports.queue.send(await ports.whitelists.chunk(batch.id, index));
      await ports.whitelists.markQueued(batch, index);
    }
  } catch (error) {
    logger.warn('whitelist batch left for the sweep to queue', { batchId: batch.id, error: error as Error });
  }
}
