// Fund-pool routes: finance's budgets, departments' whitelist pushes, and the payments the payer and finance watch.
import { accepted, created, download, ok, type RoutesOf } from '../../shared/http.ts';
import { recordMetric } from '../../shared/observability.ts';
import { type BankFilePorts, downloadPaymentFile, listBankFiles, uploadBankFile } from './bank-files.ts';
import { allocate, type BudgetPorts, listBudgets } from './budgets.ts';
import { decideFailedPayment, decideHeldPayment, listPayments, type PaymentViewPorts } from './payments.ts';
import { batchProgress, checkWhitelist, pushWhitelist, type WhitelistPorts } from './whitelists.ts';

export type FundPoolPorts = BudgetPorts & WhitelistPorts & PaymentViewPorts & BankFilePorts;

export function fundPoolRoutes(ports: FundPoolPorts): RoutesOf<'fund-pool'> {
  return {
    'POST /budgets/allocations': async ({ principal, body }) => {
      const allocation = await allocate(ports, principal, body);
      // The same reference again answers with the first allocation, and says so.
      return allocation.repeated ? ok(allocation) : created(allocation);
    },

    'GET /budgets': async ({ principal, query }) => ok({ items: await listBudgets(ports, principal, query) }),

    'POST /whitelist-batches': async ({ principal, body }) => {
      const pushed = await pushWhitelist(ports, principal, body);
      recordMetric('WhitelistLinesRefused', pushed.refused.length);
      return accepted(pushed);
    },

    'POST /whitelist-batches/check': async ({ principal, body }) =>
      ok(await checkWhitelist(ports, principal, body)),

    'GET /whitelist-batches/{id}': async ({ principal, path }) =>
      ok(await batchProgress(ports, principal, path.id)),

    'GET /payments': async ({ principal, query }) => ok(await listPayments(ports, principal, query)),

    'POST /payments/{id}/release': async ({ principal, path, body }) =>
      ok(await decideHeldPayment(ports, principal, path.id, 'release', body.reason)),

    'POST /payments/{id}/reject': async ({ principal, path, body }) =>
      ok(await decideHeldPayment(ports, principal, path.id, 'reject', body.reason)),

    'POST /payments/{id}/retry': async ({ principal, path, body }) =>
      ok(await decideFailedPayment(ports, principal, path.id, 'retry', body.reason)),

    'POST /payments/{id}/cancel': async ({ principal, path, body }) =>
      ok(await decideFailedPayment(ports, principal, path.id, 'cancel', body.reason)),

    'GET /bank-files': async ({ principal, query }) => ok(await listBankFiles(ports, principal, query)),

    'GET /bank-files/{id}/content': async ({ principal, path }) => {
      const file = await downloadPaymentFile(ports, principal, path.id);
      return download(file.name, file.contentType, file.bytes);
    },

    'POST /bank-files': async ({ principal, body }) => {
      const imported = await uploadBankFile(ports, principal, body);
      // The same file again answers with its first import, and says so.
      return imported.first ? accepted(imported.answer) : ok(imported.answer);
    },
  };
}
