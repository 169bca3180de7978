// Fund-pool routes: finance's budgets, departments' whitelist pushes, and the payments the payer and finance watch.
import * as z from 'zod';
import { accepted, created, type HttpEvent, type HttpResult, jsonBody, ok } from '../../shared/http.ts';
import { heldDecisionBody, paymentQuery } from '../../shared/payments/payments.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { whitelistBatchBody } from '../../shared/whitelists/whitelist.ts';
import { allocate, allocationBody, type BudgetPorts, budgetQuery, listBudgets } from './budgets.ts';
import { decideHeldPayment, listPayments, type PaymentViewPorts } from './payments.ts';
import { batchProgress, pushWhitelist, type WhitelistPorts } from './whitelists.ts';

export type FundPoolPorts = BudgetPorts & WhitelistPorts & PaymentViewPorts;

const idPath = z.object({ id: z.string().min(1).max(200) });

export function fundPoolRoutes(ports: FundPoolPorts) {
  const idOf = (event: HttpEvent) => parseWith(idPath, { id: event.pathParameters?.id }).id;
  const decide =
    (outcome: 'release' | 'reject') =>
    async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'payer');
      const { reason } = parseWith(heldDecisionBody, jsonBody(event));
      return ok(await decideHeldPayment(ports, principal, idOf(event), outcome, reason));
    };
  return {
    'POST /budgets/allocations': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'finance');
      const allocation = await allocate(ports, principal, parseWith(allocationBody, jsonBody(event)));
      // The same reference again answers with the first allocation, and says so.
      return allocation.repeated ? ok(allocation) : created(allocation);
    },

    'GET /budgets': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'finance', 'payer');
      const query = parseWith(budgetQuery, event.queryStringParameters ?? {});
      return ok({ items: await listBudgets(ports, principal, query) });
    },

    'POST /whitelist-batches': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'department');
      return accepted(await pushWhitelist(ports, principal, parseWith(whitelistBatchBody, jsonBody(event))));
    },

    'GET /whitelist-batches/{id}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'department', 'payer', 'finance');
      return ok(await batchProgress(ports, principal, idOf(event)));
    },

    'GET /payments': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'payer', 'finance');
      const query = parseWith(paymentQuery, event.queryStringParameters ?? {});
      return ok(await listPayments(ports, principal, query));
    },

    'POST /payments/{id}/release': decide('release'),
    'POST /payments/{id}/reject': decide('reject'),
  };
}
