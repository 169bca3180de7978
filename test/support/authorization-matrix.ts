// Builds the authorization matrix from the contract's routes and the written rules: every route × object × caller.
import { type ApiRoute, routeKeyOf } from '../../shared/api/contract.ts';
import type { Role } from '../../shared/principal.ts';

/** What a caller must be to the object: see the rule table for the meaning of each. */
export type Relation = 'any' | 'own' | 'jurisdiction' | 'head';
/** A role's access: the relation it needs, and (when it differs from the object's) what it gets without it. */
export type Grant = Relation | { relation: Relation; outside: number };

/** Anyone, signed in or not, gets `granted`. */
export interface Public {
  public: true;
  granted: number;
}

export interface Grants {
  public?: false;
  /** Whose object it is: the caller of each of these roles marked `owner` is the object's party. */
  parties?: Role[];
  grants: Partial<Record<Role, Grant>>;
  /** What a granted role gets without the relation (404 unless said). */
  outside?: number;
  granted: number;
  /** The route lists objects: the object is in the list exactly for callers with the relation. */
  listed?: boolean;
}

export type ObjectRule = Public | Grants;
/** Route key → object kind → rule. */
export type RuleTable = Record<string, Record<string, ObjectRule>>;

/**
 * The callers of every cell. Enterprises, departments and agencies come as the object's own party ("owner", the heads
 * of their unit), a stranger of the same role and county ("peer") and one of another county ("far"); the other staff
 * roles as one of the object's county ("same") and one of another ("far").
 */
export const CALLERS = [
  'anonymous',
  'enterprise:owner',
  'enterprise:peer',
  'enterprise:far',
  'window:same',
  'window:far',
  'department:owner',
  'department:peer',
  'department:far',
  'agency:owner',
  'agency:peer',
  'agency:far',
  'payer:same',
  'payer:far',
  'finance:same',
  'finance:far',
  'admin:same',
  'admin:far',
] as const;
export type Caller = (typeof CALLERS)[number];

export const roleOf = (caller: Caller): Role | undefined =>
  caller === 'anonymous' ? undefined : (caller.split(':')[0] as Role);
const isOwner = (caller: Caller) => caller.endsWith(':owner');
const isFar = (caller: Caller) => caller.endsWith(':far');

export interface Expectation {
  status: number;
  /** For listing routes: whether the object must be in the list. */
  listed?: boolean;
}

export interface Cell {
  route: string;
  object: string;
  caller: Caller;
  expected: Expectation;
  /** The caller reaches the object by the rules; such callers run last, so their writes mask no refusal. */
  reaches: boolean;
}

function relationHolds(relation: Relation, caller: Caller, rule: Grants): boolean {
  const role = roleOf(caller);
  switch (relation) {
    case 'any':
      return true;
    case 'own':
      return role !== undefined && isOwner(caller) && (rule.parties ?? []).includes(role);
    case 'jurisdiction':
      return !isFar(caller);
    case 'head':
      return isOwner(caller);
  }
}

/** The expected answer to one caller, from the rule alone. */
export function expectationOf(
  rule: ObjectRule,
  routeRoles: ReadonlySet<Role>,
  caller: Caller,
): Expectation & { reaches: boolean } {
  if (rule.public) return { status: rule.granted, reaches: true };
  const role = roleOf(caller);
  if (!role) return { status: 401, reaches: false };
  if (!routeRoles.has(role)) return { status: 403, reaches: false };
  const grant = rule.grants[role];
  const outside = rule.outside ?? 404;
  if (!grant)
    return rule.listed
      ? { status: rule.granted, listed: false, reaches: false }
      : { status: outside, reaches: false };
  const { relation, outside: own } = typeof grant === 'string' ? { relation: grant, outside } : grant;
  const reaches = relationHolds(relation, caller, rule);
  if (rule.listed) return { status: rule.granted, listed: reaches, reaches };
  return { status: reaches ? rule.granted : own, reaches };
}

const rolesGranted = (objects: ObjectRule[]) =>
  new Set(objects.flatMap((rule) => (rule.public ? [] : (Object.keys(rule.grants) as Role[]))));

/**
 * Every cell of the matrix. Fails, naming each, on a route of the contract without a rule, on rules whose roles
 * differ from the roles the contract declares, and on an object kind a route must be tested on without a rule.
 * Rules for routes not (yet) in the contract are kept: they apply once the route is added.
 */
export function authorizationMatrix(
  routes: readonly Pick<ApiRoute, 'method' | 'path' | 'roles'>[],
  rules: RuleTable,
  requiredObjects: Record<string, readonly string[]> = {},
): Cell[] {
  const problems: string[] = [];
  const cells: Cell[] = [];
  for (const route of routes) {
    const key = routeKeyOf(route);
    const objects = Object.entries(rules[key] ?? {});
    if (objects.length === 0) {
      problems.push(`${key}: no rule says who may call it`);
      continue;
    }
    const publicCount = objects.filter(([, rule]) => rule.public).length;
    const routeRoles = rolesGranted(objects.map(([, rule]) => rule));
    if (publicCount > 0 && publicCount < objects.length) {
      problems.push(`${key}: public for some objects and not for others`);
    } else if (publicCount > 0 !== (route.roles === 'public')) {
      problems.push(
        `${key}: the rules make it ${publicCount > 0 ? 'public' : 'signed-in'}, the contract does not`,
      );
    } else if (route.roles !== 'public') {
      const declared = [...new Set(route.roles)].sort().join(', ');
      const ruled = [...routeRoles].sort().join(', ');
      if (declared !== ruled)
        problems.push(`${key}: the contract grants [${declared}], the rules [${ruled}]`);
    }
    for (const kind of requiredObjects[key] ?? []) {
      if (!objects.some(([object]) => object === kind || object.startsWith(`${kind}:`)))
        problems.push(`${key}: no rule for objects of kind ${kind}`);
    }
    for (const [object, rule] of objects) {
      for (const caller of CALLERS) {
        const { reaches, ...expected } = expectationOf(rule, routeRoles, caller);
        cells.push({ route: key, object, caller, expected, reaches });
      }
    }
  }
  if (problems.length > 0)
    throw new Error(`The authorization rules do not cover the contract:\n- ${problems.join('\n- ')}`);
  return cells;
}
