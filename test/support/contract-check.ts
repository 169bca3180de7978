// Holds every answer a test receives to the contract: a success must be a status the route declares with a body its
// schema accepts, a refusal the platform's envelope or the gateway's own message. So the document cannot drift.
import type { Answer } from '../../shared/api/client.ts';
import { API_ROUTES, type ApiRoute, isFileResponse, routeKeyOf } from '../../shared/api/contract.ts';

const MATCHERS = API_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
  // "/enterprises/me" is more specific than "/enterprises/{uscc}", as API Gateway routes it.
  literal: route.path.replace(/\{\w+\}/g, '').length,
}));

/** The contract route a request reaches, as API Gateway picks it: the most literal of those that match. */
export function routeFor(method: string, url: string): ApiRoute | undefined {
  const path = url.split('?')[0] ?? '';
  return MATCHERS.filter((m) => m.route.method === method && m.pattern.test(path)).sort(
    (a, b) => b.literal - a.literal,
  )[0]?.route;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The platform's refusal envelope, or the gateway's own `{"message": …}` (401, 413, 500, 503 before a function). */
function isRefusal(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (typeof body.message === 'string' && Object.keys(body).length === 1) return true;
  const error = body.error;
  return isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string';
}

export class ContractBreach extends Error {
  override name = 'ContractBreach';
}

/** Throws a ContractBreach naming the route, the status and what does not match. */
export function checkAnswer(method: string, url: string, answer: Answer): void {
  const route = routeFor(method, url);
  if (!route) return;
  const key = routeKeyOf(route);
  if (answer.status >= 200 && answer.status < 300) {
    const declared = route.responses[answer.status as keyof ApiRoute['responses']];
    if (!declared)
      throw new ContractBreach(`${key} answered ${answer.status}, which the contract does not declare`);
    if (isFileResponse(declared)) {
      const type = answer.headers.get('content-type') ?? '';
      if (type !== declared.file)
        throw new ContractBreach(`${key} sent ${type}, the contract says ${declared.file}`);
      return;
    }
    const parsed = declared.safeParse(answer.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
      );
      throw new ContractBreach(
        `${key} ${answer.status} body does not match the contract: ${issues.join('; ')}`,
      );
    }
    return;
  }
  if (!isRefusal(answer.body)) {
    throw new ContractBreach(
      `${key} refused with ${answer.status} outside the envelope: ${JSON.stringify(answer.body)}`,
    );
  }
}
