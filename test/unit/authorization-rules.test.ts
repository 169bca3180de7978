import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { API_ROUTES, type ApiRoute } from '../../shared/api/contract.ts';
import { AUDITED_ENTITIES } from '../../shared/audit/chain.ts';
import { authorizationMatrix, CALLERS, type RuleTable } from '../support/authorization-matrix.ts';
import { AUTHORIZATION_RULES, REQUIRED_OBJECTS } from '../support/authorization-rules.ts';

const AUDIT = 'GET /audit/{entityType}/{id}';
const statusOf = (route: string, object: string, caller: string) =>
  authorizationMatrix(API_ROUTES, AUTHORIZATION_RULES, REQUIRED_OBJECTS).find(
    (cell) => cell.route === route && cell.object === object && cell.caller === caller,
  )?.expected;

describe('authorization rules: the matrix generated from the contract', () => {
  it('covers every route of the contract, every audited entity, every caller', () => {
    // Act
    const cells = authorizationMatrix(API_ROUTES, AUTHORIZATION_RULES, REQUIRED_OBJECTS);
    // Assess
    const routes = new Set(cells.map((cell) => cell.route));
    expect([...routes].sort()).toEqual(API_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    const audited = new Set(cells.filter((c) => c.route === AUDIT).map((c) => c.object.split(':')[0]));
    expect([...audited].sort()).toEqual([...AUDITED_ENTITIES].sort());
    const objects = new Set(cells.map((cell) => `${cell.route} ${cell.object}`));
    expect(cells).toHaveLength(objects.size * CALLERS.length);
  });

  it('fails on a route the contract gains without a rule, naming it', () => {
    // Prepare: the contract as another engineer extends it.
    const extended: ApiRoute[] = [
      ...API_ROUTES,
      {
        method: 'GET',
        path: '/cases/overdue',
        function: 'intake',
        summary: '超期办件',
        roles: ['admin'],
        responses: { 200: z.object({ items: z.array(z.string()) }) },
        success: 200,
      },
    ];
    // Act / Assess
    expect(() => authorizationMatrix(extended, AUTHORIZATION_RULES, REQUIRED_OBJECTS)).toThrow(
      /GET \/cases\/overdue: no rule says who may call it/,
    );
  });

  it('fails when the contract and the rules disagree on the roles of a route', () => {
    const widened = API_ROUTES.map((route) =>
      route.path === '/cases/stuck' ? { ...route, roles: ['admin', 'finance'] as ApiRoute['roles'] } : route,
    );
    expect(() => authorizationMatrix(widened, AUTHORIZATION_RULES, REQUIRED_OBJECTS)).toThrow(
      /GET \/cases\/stuck: the contract grants \[admin, finance\], the rules \[admin\]/,
    );
    const opened = API_ROUTES.map((route) =>
      route.path === '/stats' ? { ...route, roles: 'public' as const } : route,
    );
    expect(() => authorizationMatrix(opened, AUTHORIZATION_RULES, REQUIRED_OBJECTS)).toThrow(/GET \/stats/);
  });

  it('fails when an audited entity has no rule', () => {
    const { reconciliation: _dropped, ...rest } = AUTHORIZATION_RULES[AUDIT] ?? {};
    const rules: RuleTable = { ...AUTHORIZATION_RULES, [AUDIT]: rest };
    expect(() => authorizationMatrix(API_ROUTES, rules, REQUIRED_OBJECTS)).toThrow(
      /no rule for objects of kind reconciliation/,
    );
  });

  it('keeps rules for routes not in the contract yet, and applies them once they are', () => {
    const without = API_ROUTES.filter((route) => route.path !== '/cases/stuck');
    expect(
      authorizationMatrix(without, AUTHORIZATION_RULES).some((c) => c.route === 'GET /cases/stuck'),
    ).toBe(false);
    expect(AUTHORIZATION_RULES['GET /cases/stuck']).toBeDefined();
    expect(AUTHORIZATION_RULES['POST /applications/{id}/redrive']).toBeDefined();
  });

  it('derives each status from the rule: 401 anonymous, 403 wrong role, 404 out of reach, the route’s answer within', () => {
    expect(statusOf(AUDIT, 'enterprise', 'anonymous')).toEqual({ status: 401 });
    expect(statusOf(AUDIT, 'enterprise', 'payer:same')).toEqual({ status: 403 });
    expect(statusOf(AUDIT, 'enterprise', 'admin:far')).toEqual({ status: 404 });
    expect(statusOf(AUDIT, 'enterprise', 'finance:far')).toEqual({ status: 404 });
    expect(statusOf(AUDIT, 'enterprise', 'enterprise:peer')).toEqual({ status: 404 });
    expect(statusOf(AUDIT, 'enterprise', 'department:owner')).toEqual({ status: 404 });
    expect(statusOf(AUDIT, 'enterprise', 'enterprise:owner')).toEqual({ status: 200 });
    expect(statusOf(AUDIT, 'enterprise', 'admin:same')).toEqual({ status: 200 });
    expect(statusOf('POST /materials', 'enterprise', 'window:far')).toEqual({ status: 403 });
    expect(statusOf('POST /applications/{id}/redrive', 'case', 'admin:same')).toEqual({ status: 409 });
    expect(statusOf('POST /applications/{id}/redrive', 'case', 'admin:far')).toEqual({ status: 404 });
    expect(statusOf('POST /applications/{id}/redrive', 'case', 'finance:same')).toEqual({ status: 403 });
    expect(statusOf('GET /cases/stuck', 'stuck case', 'admin:far')).toEqual({ status: 200, listed: false });
    expect(statusOf('POST /applications', 'policy', 'enterprise:far')).toEqual({ status: 422 });
    expect(statusOf('GET /policies/{id}', 'draft', 'admin:same')).toEqual({ status: 404 });
  });
});
