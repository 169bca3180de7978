// Waiting on the platform: polls until an answer shows what the story waits for, printing progress, within a timeout.
import { check } from './checks.ts';
import type { DemoContext } from './context.ts';

const PROGRESS_EVERY_MS = 10_000;
const POLL_MS = 500;

/**
 * Polls until `probe` yields a value, printing the state whenever it changes (and every ten seconds), and gives up
 * after the context's timeout with the last state seen. A probe throws to stop at once on a state that cannot lead on.
 */
export async function waitFor<T>(
  ctx: DemoContext,
  what: string,
  probe: () => Promise<{ value?: T; state: string }>,
): Promise<T> {
  const started = Date.now();
  let shown = '';
  let shownAt = started;
  for (;;) {
    const { value, state } = await probe();
    if (value !== undefined) return value;
    const now = Date.now();
    if (state !== shown || now - shownAt >= PROGRESS_EVERY_MS) {
      ctx.log(`      … ${what}：${state}（已等 ${((now - started) / 1000).toFixed(0)} 秒）`);
      shown = state;
      shownAt = now;
    }
    check(
      now - started < ctx.timeoutMs,
      `等待${what}超时（${ctx.timeoutMs / 1000} 秒），最后状态：${state}。平台日志在 .data/logs/`,
    );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
