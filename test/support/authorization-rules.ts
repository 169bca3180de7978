// Who may call each route, on which objects, and what everyone else gets: the written rules the matrix is checked against.
import { AUDITED_ENTITIES } from '../../shared/audit/chain.ts';
import type { Grants, ObjectRule, RuleTable } from './authorization-matrix.ts';

/*
 * How to read a rule. Each route lists the kinds of object it serves. For each kind:
 * - `public`: anyone, signed in or not, gets `granted`;
 * - otherwise `grants` names the roles that may call the route and the relation each needs to the object:
 *   `any` (none: the route acts on the caller's own things or division), `own` (the caller is the object's party of
 *   its role, listed in `parties`: the case's enterprise, the policy's department, the task's assignee, the list's
 *   agency), `jurisdiction` (the object lies in the caller's division), `head` (the caller heads its unit);
 * - a caller without a token gets 401, a role the route does not grant 403, and a granted role without the relation
 *   gets `outside`: 404 where the API hides that the object exists, 403 where the object is public anyway (policies),
 *   or the refusal the business rule gives (422);
 * - `granted` is what a caller with the relation gets, given the object's state (a case that is not returned earns 409
 *   on resubmission, which still proves the caller got past the checks);
 * - `listed`: the route lists objects; everyone it grants gets `granted`, and sees the object exactly when the
 *   relation holds.
 */

const OVERSEERS = { admin: 'jurisdiction', finance: 'jurisdiction' } as const;
/** An audit trail outside one's reach is missing, whatever the entity, so ids cannot be probed. */
const audit = (rule: Pick<Grants, 'parties' | 'grants'>): ObjectRule => ({
  ...rule,
  outside: 404,
  granted: 200,
});
const PUBLIC: ObjectRule = { public: true, granted: 200 };
/** Window staff and the payer look up the enterprises of their own county only. */
const SEEN_IN_ITS_COUNTY: ObjectRule = {
  grants: { window: 'jurisdiction', payer: 'jurisdiction' },
  outside: 404,
  granted: 200,
};

export const AUTHORIZATION_RULES: RuleTable = {
  'GET /health': { service: PUBLIC },
  'GET /openapi.json': { document: PUBLIC },
  'GET /policies': { catalog: PUBLIC },
  // Drafts are the admins' work in progress: nobody reads them through the public routes.
  'GET /policies/{id}': { policy: PUBLIC, draft: { public: true, granted: 404 } },
  'GET /policies/{id}/versions/{version}': { policy: PUBLIC, draft: { public: true, granted: 404 } },
  // The admins' drafts: listed to the admins of their county only.
  'GET /policy-drafts': { draft: { grants: { admin: 'jurisdiction' }, granted: 200, listed: true } },
  'GET /departments': { departments: PUBLIC },
  // The body names a department; one of another county is unknown there.
  'POST /policies': { department: { grants: { admin: 'jurisdiction' }, outside: 422, granted: 201 } },
  'PUT /policies/{id}': {
    policy: {
      parties: ['department'],
      grants: { admin: 'jurisdiction', department: 'own' },
      outside: 403,
      granted: 200,
    },
  },
  'POST /policies/{id}/status': { draft: { grants: { admin: 'jurisdiction' }, outside: 403, granted: 200 } },
  'GET /calendar/{year}': { year: PUBLIC },
  // The working-day calendar is national: any admin loads a newly published year, audited.
  'PUT /calendar/{year}': { year: { grants: { admin: 'any' }, granted: 200 } },
  // Every enterprise acts on its own profile, whatever its county.
  'PUT /enterprises/me': { profile: { grants: { enterprise: 'any' }, granted: 200 } },
  'GET /enterprises/me': { profile: { grants: { enterprise: 'any' }, granted: 200 } },
  'GET /enterprises/me/matches': { profile: { grants: { enterprise: 'any' }, granted: 200 } },
  // An enterprise belongs to one county, declared or not: staff of another never see it, bank account included.
  'GET /enterprises/{uscc}': {
    'enterprise:declared': SEEN_IN_ITS_COUNTY,
    'enterprise:undeclared': SEEN_IN_ITS_COUNTY,
    'enterprise:city-registered': SEEN_IN_ITS_COUNTY,
  },
  // An enterprise registers its own materials; window staff those of an enterprise of their jurisdiction.
  'POST /materials': {
    enterprise: { grants: { enterprise: 'any', window: 'jurisdiction' }, outside: 403, granted: 201 },
  },
  // A county's policies are for its enterprises (another county's is not eligible) and filed at its own window.
  'POST /applications': {
    policy: {
      grants: { enterprise: { relation: 'jurisdiction', outside: 422 }, window: 'jurisdiction' },
      outside: 403,
      granted: 201,
    },
  },
  'GET /applications': {
    case: {
      parties: ['enterprise'],
      grants: { enterprise: 'own', window: 'jurisdiction' },
      granted: 200,
      listed: true,
    },
  },
  'GET /applications/{id}': {
    case: {
      parties: ['enterprise', 'department'],
      grants: { enterprise: 'own', window: 'jurisdiction', department: 'own' },
      outside: 404,
      granted: 200,
    },
  },
  'GET /applications/{id}/materials': {
    case: {
      parties: ['enterprise', 'department'],
      grants: { enterprise: 'own', window: 'jurisdiction', department: 'own' },
      outside: 404,
      granted: 200,
    },
  },
  // The case is in review, not returned: 409 CASE_NOT_RETURNED for whoever may resubmit it.
  'POST /applications/{id}/resubmit': {
    case: {
      parties: ['enterprise'],
      grants: { enterprise: 'own', window: 'jurisdiction' },
      outside: 404,
      granted: 409,
    },
  },
  // Not finished yet: 409 for its enterprise.
  'POST /applications/{id}/rating': {
    case: { parties: ['enterprise'], grants: { enterprise: 'own' }, outside: 404, granted: 409 },
  },
  'GET /cases/stuck': { 'stuck case': { grants: { admin: 'jurisdiction' }, granted: 200, listed: true } },
  // The case's chain runs: 409 CASE_NOT_STUCK for an admin of its county; another county's case is missing.
  'POST /applications/{id}/redrive': {
    case: { grants: { admin: 'jurisdiction' }, outside: 404, granted: 409 },
  },
  // Anyone signed in may object during an announcement; outside one the case is missing to everyone.
  'POST /applications/{id}/objections': {
    case: {
      grants: {
        enterprise: 'any',
        window: 'any',
        department: 'any',
        agency: 'any',
        payer: 'any',
        finance: 'any',
        admin: 'any',
      },
      granted: 404,
    },
  },
  'GET /announcements': { announcements: PUBLIC },
  'GET /notifications': { notices: { grants: { enterprise: 'any' }, granted: 200 } },
  'GET /tasks': {
    task: {
      parties: ['department'],
      grants: { department: 'own', agency: 'own' },
      granted: 200,
      listed: true,
    },
    'task:agency': {
      parties: ['agency'],
      grants: { department: 'own', agency: 'own' },
      granted: 200,
      listed: true,
    },
  },
  'POST /tasks/{id}/decision': {
    task: {
      parties: ['department'],
      grants: { department: 'own', agency: 'own' },
      outside: 404,
      granted: 200,
    },
    'task:agency': {
      parties: ['agency'],
      grants: { department: 'own', agency: 'own' },
      outside: 404,
      granted: 200,
    },
  },
  // 督办 lists are for the heads of departments and agencies (the owners here are heads).
  'GET /escalations': {
    escalations: { grants: { department: 'head', agency: 'head' }, outside: 403, granted: 200 },
  },
  // Each agency keeps, lists and delists its own list; another agency's listing is never touched.
  'GET /blacklist': { entry: { parties: ['agency'], grants: { agency: 'own' }, granted: 200, listed: true } },
  'PUT /blacklist/{uscc}': { enterprise: { grants: { agency: 'any' }, granted: 200 } },
  'DELETE /blacklist/{uscc}': { 'own entry': { grants: { agency: 'any' }, granted: 200 } },
  // Pools belong to a policy's county; policies are public, so another county is refused, not misled.
  'POST /budgets/allocations': {
    policy: { grants: { finance: 'jurisdiction' }, outside: 403, granted: 201 },
  },
  'GET /budgets': {
    policy: { grants: { finance: 'jurisdiction', payer: 'jurisdiction' }, outside: 403, granted: 200 },
  },
  'POST /whitelist-batches': {
    policy: { parties: ['department'], grants: { department: 'own' }, outside: 403, granted: 202 },
  },
  'POST /whitelist-batches/check': {
    policy: { parties: ['department'], grants: { department: 'own' }, outside: 403, granted: 200 },
  },
  'GET /whitelist-batches/{id}': {
    batch: {
      parties: ['department'],
      grants: { department: 'own', payer: 'jurisdiction', finance: 'jurisdiction' },
      outside: 404,
      granted: 200,
    },
  },
  'GET /payments': {
    payment: { grants: { payer: 'jurisdiction', finance: 'jurisdiction' }, granted: 200, listed: true },
  },
  'POST /payments/{id}/release': {
    payment: { grants: { payer: 'jurisdiction' }, outside: 404, granted: 200 },
  },
  'POST /payments/{id}/reject': {
    payment: { grants: { payer: 'jurisdiction' }, outside: 404, granted: 200 },
  },
  'POST /payments/{id}/retry': {
    payment: { grants: { payer: 'jurisdiction' }, outside: 404, granted: 200 },
  },
  'POST /payments/{id}/cancel': {
    payment: { grants: { payer: 'jurisdiction' }, outside: 404, granted: 200 },
  },
  // A division's bank files are its payer's and its finance's; another county's are not there.
  'GET /bank-files': {
    bankFile: { grants: { payer: 'jurisdiction', finance: 'jurisdiction' }, granted: 200, listed: true },
  },
  'GET /bank-files/{id}/content': {
    bankFile: { grants: { payer: 'jurisdiction', finance: 'jurisdiction' }, outside: 404, granted: 200 },
  },
  // The payer imports its own division's bank files; the matrix's platform pays through the simulated bank, so the
  // payer gets past every check to the refusal that says the deployment exchanges no files.
  'POST /bank-files': { division: { grants: { payer: 'any' }, granted: 409 } },
  // Finance reconciles its own division, whichever it is.
  'POST /reconciliations': { division: { grants: { finance: 'any' }, granted: 202 } },
  'GET /reconciliations': {
    reconciliation: { grants: OVERSEERS, granted: 200, listed: true },
  },
  'GET /reconciliations/{id}': { reconciliation: { grants: OVERSEERS, outside: 404, granted: 200 } },
  'GET /reconciliations/{id}/report.csv': {
    reconciliation: { grants: OVERSEERS, outside: 404, granted: 200 },
  },
  'GET /reconciliations/{id}/report.xlsx': {
    reconciliation: { grants: OVERSEERS, outside: 404, granted: 200 },
  },
  'POST /reconciliations/{id}/discrepancies/{seq}/resolve': {
    discrepancy: { grants: { finance: 'jurisdiction' }, outside: 404, granted: 200 },
  },
  'POST /settlements': { pool: { grants: { finance: 'jurisdiction' }, outside: 403, granted: 201 } },
  'GET /settlements/{year}': { division: { grants: { finance: 'any', admin: 'any' }, granted: 200 } },
  'GET /settlements/{year}/statement.csv': {
    division: { grants: { finance: 'any', admin: 'any' }, granted: 200 },
  },
  'GET /stats': { division: { grants: { finance: 'any', admin: 'any' }, granted: 200 } },
  'GET /risk-warnings': {
    division: { grants: { payer: 'any', finance: 'any', admin: 'any' }, granted: 200 },
  },
  // Every entity the audit trail keeps, each readable by those it concerns and the overseers of its jurisdiction.
  'GET /audit/{entityType}/{id}': {
    policy: audit({ parties: ['department'], grants: { ...OVERSEERS, department: 'own' } }),
    enterprise: audit({ parties: ['enterprise'], grants: { ...OVERSEERS, enterprise: 'own' } }),
    case: audit({
      parties: ['enterprise', 'department'],
      grants: { ...OVERSEERS, enterprise: 'own', department: 'own' },
    }),
    task: audit({ parties: ['department'], grants: { ...OVERSEERS, department: 'own' } }),
    'task:agency': audit({ parties: ['agency'], grants: { ...OVERSEERS, agency: 'own' } }),
    // The official calendar is public; who loaded a year is open to every caller of the route.
    calendar: audit({
      grants: { admin: 'any', finance: 'any', enterprise: 'any', department: 'any', agency: 'any' },
    }),
    blacklist: audit({
      parties: ['agency', 'enterprise'],
      grants: { ...OVERSEERS, agency: 'own', enterprise: 'own' },
    }),
    payment: audit({
      parties: ['enterprise', 'department'],
      grants: { ...OVERSEERS, enterprise: 'own', department: 'own' },
    }),
    reconciliation: audit({ grants: OVERSEERS }),
  },
};

/** Object kinds a route must have rules for (`<kind>` or `<kind>:<variant>`): the audit route, every audited entity. */
export const REQUIRED_OBJECTS: Record<string, readonly string[]> = {
  'GET /audit/{entityType}/{id}': AUDITED_ENTITIES,
};
