// The payer's and finance's view of payments: listing them by batch, case or status, and printing one.
import type { ClientRequest } from '../../../shared/api/contract.ts';
import type { ListedPayment } from './answers.ts';
import type { Actor, DemoContext } from './context.ts';
import { money, PAYMENT_LABELS } from './labels.ts';

/** The payments the query selects; a filtered list holds no dead letters, which only head the unfiltered one. */
export async function listPayments(
  ctx: DemoContext,
  what: string,
  reader: Actor,
  query: ClientRequest<'GET /payments'>['query'],
): Promise<ListedPayment[]> {
  const page = await ctx.request(what, 'GET /payments', { as: reader, query, status: 200 });
  return page.items.filter((item): item is ListedPayment => !('deadLetter' in item));
}

export function logPayment(ctx: DemoContext, payment: ListedPayment) {
  const warnings = payment.warnings.length
    ? payment.warnings
        .map((w) => `${w.colour === 'red' ? '红色' : '黄色'}预警 ${w.rule}：${w.detail}`)
        .join('；')
    : '无风险预警';
  ctx.log(
    `    ${payment.enterpriseName}  ${money(payment.amountFen)}  账号 ${payment.bankAccount.accountNo}  → ${PAYMENT_LABELS[payment.status]}${payment.reason ? `（${payment.reason}）` : ''}  ${warnings}`,
  );
}
