// The response schemas against what the routes really answer: every returned type fits its schema and declares no
// field the schema leaves out, real values parse, wrong ones do not, and the schemas stay fit for a browser.
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { type loadYear, viewYear } from '../../functions/catalog/calendar.ts';
import type { changeStatus, createPolicy, editGuide } from '../../functions/catalog/catalog.ts';
import type { delistEnterprise, listEnterprise } from '../../functions/enterprises/blacklists.ts';
import type {
  enterpriseForStaff,
  matchPolicies,
  saveOwnProfile,
} from '../../functions/enterprises/enterprises.ts';
import type {
  recentReconciliations,
  reconciliationOf,
  requestReconciliation,
  resolveDiscrepancy,
} from '../../functions/finance/reconciliations.ts';
import type { settlementStatement, settlePool } from '../../functions/finance/settlements.ts';
import type { listBankFiles, uploadBankFile } from '../../functions/fund-pool/bank-files.ts';
import type { allocate, listBudgets } from '../../functions/fund-pool/budgets.ts';
import type {
  decideFailedPayment,
  decideHeldPayment,
  listPayments,
} from '../../functions/fund-pool/payments.ts';
import type { batchProgress, checkWhitelist, pushWhitelist } from '../../functions/fund-pool/whitelists.ts';
import type {
  caseMaterials,
  fileApplication,
  requestUpload,
  resubmit,
} from '../../functions/intake/intake.ts';
import type { rateCase } from '../../functions/intake/rating.ts';
import type { Period } from '../../functions/oversight/period.ts';
import type { statistics } from '../../functions/oversight/stats.ts';
import type { decide, listEscalations, listTasks } from '../../functions/review/review.ts';
import type { listAnnouncements, raiseObjection } from '../../shared/announcements/announcement.ts';
import { API_ROUTES, CONTRACT, type Contract, type RouteKey } from '../../shared/api/contract.ts';
import { openApiDocument } from '../../shared/api/openapi.ts';
import { auditTrail } from '../../shared/api/responses/audit.ts';
import { caseRecord } from '../../shared/api/responses/cases.ts';
import {
  calendarView,
  openApiDocument as openApiDocumentSchema,
  policyPage,
} from '../../shared/api/responses/catalog.ts';
import { paymentPage } from '../../shared/api/responses/fund-pool.ts';
import { type AuditedEntity, chainEvent, verifyChain } from '../../shared/audit/chain.ts';
import type { AuditLog } from '../../shared/audit/repository.ts';
import type { BlacklistRepository } from '../../shared/blacklists/repository.ts';
import type { CalendarRepository } from '../../shared/calendar/repository.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { Case } from '../../shared/cases/types.ts';
import { parseCatalogTsv } from '../../shared/catalog/dingnan.ts';
import catalogTsv from '../../shared/catalog/dingnan-2022-catalog.tsv';
import type { Page, PolicyVersion } from '../../shared/catalog/repository.ts';
import type { Department, Policy } from '../../shared/catalog/types.ts';
import type { listStuckCases, redriveCase } from '../../shared/chains/stuck.ts';
import type { Enterprise } from '../../shared/enterprises/types.ts';
import type { Payment } from '../../shared/payments/payments.ts';
import type { filtered } from '../../shared/risk/warnings.ts';
import { validUscc } from '../support/uscc.ts';

const RESPONSE_MODULES = [
  'audit',
  'cases',
  'catalog',
  'common',
  'enterprises',
  'finance',
  'fund-pool',
  'oversight',
];

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
/** A download: what the route sends is a file, not JSON, so only its content type is declared. */
type Download = 'file';

/** What each route's function hands the edge, by status, read from the domain functions it calls. */
interface RouteAnswers {
  'GET /health': { 200: { status: 'ok' } };
  'GET /openapi.json': { 200: ReturnType<typeof openApiDocument> };
  'GET /policies': { 200: Page<Policy> };
  'GET /policies/{id}': { 200: Policy };
  'GET /policies/{id}/versions/{version}': { 200: PolicyVersion };
  'GET /policy-drafts': { 200: Page<Policy> };
  'GET /departments': { 200: { items: Department[] } };
  'POST /policies': { 201: Answer<typeof createPolicy> };
  'PUT /policies/{id}': { 200: Answer<typeof editGuide> };
  'POST /policies/{id}/status': { 200: Answer<typeof changeStatus> };
  'GET /calendar/{year}': { 200: Answer<typeof viewYear> };
  'PUT /calendar/{year}': { 200: Answer<typeof loadYear> };
  'PUT /enterprises/me': { 200: Answer<typeof saveOwnProfile> };
  'GET /enterprises/me': { 200: Enterprise };
  'GET /enterprises/me/matches': { 200: Answer<typeof matchPolicies> };
  'GET /enterprises/{uscc}': { 200: Answer<typeof enterpriseForStaff> };
  'GET /blacklist': { 200: { items: Answer<BlacklistRepository['listOf']> } };
  'PUT /blacklist/{uscc}': { 200: Answer<typeof listEnterprise> };
  'DELETE /blacklist/{uscc}': { 200: Answer<typeof delistEnterprise> };
  'POST /materials': { 201: Answer<typeof requestUpload> };
  'POST /applications': { 201: Answer<typeof fileApplication> };
  'GET /applications': { 200: { items: Answer<CaseRepository['listCasesOf']> } };
  'GET /applications/{id}': { 200: NonNullable<Answer<CaseRepository['getCase']>> };
  'GET /applications/{id}/materials': { 200: { items: Answer<typeof caseMaterials> } };
  'POST /applications/{id}/resubmit': { 200: Answer<typeof resubmit> };
  'POST /applications/{id}/rating': { 201: Answer<typeof rateCase> };
  'GET /cases/stuck': { 200: { items: Answer<typeof listStuckCases> } };
  'POST /applications/{id}/redrive': { 202: Answer<typeof redriveCase> };
  'POST /applications/{id}/objections': { 201: Answer<typeof raiseObjection> };
  'GET /announcements': { 200: { items: Answer<typeof listAnnouncements> } };
  'GET /notifications': { 200: { items: Answer<CaseRepository['listNotices']> } };
  'GET /tasks': { 200: { items: Answer<typeof listTasks> } };
  'POST /tasks/{id}/decision': { 200: Answer<typeof decide> };
  'GET /escalations': { 200: { items: Answer<typeof listEscalations> } };
  'POST /budgets/allocations': { 201: Answer<typeof allocate>; 200: Answer<typeof allocate> };
  'GET /budgets': { 200: { items: Answer<typeof listBudgets> } };
  'POST /whitelist-batches': { 202: Answer<typeof pushWhitelist> };
  'POST /whitelist-batches/check': { 200: Answer<typeof checkWhitelist> };
  'GET /whitelist-batches/{id}': { 200: Answer<typeof batchProgress> };
  'GET /payments': { 200: Answer<typeof listPayments> };
  'POST /payments/{id}/release': { 200: Answer<typeof decideHeldPayment> };
  'POST /payments/{id}/reject': { 200: Answer<typeof decideHeldPayment> };
  'POST /payments/{id}/retry': { 200: Answer<typeof decideFailedPayment> };
  'POST /payments/{id}/cancel': { 200: Answer<typeof decideFailedPayment> };
  'GET /bank-files': { 200: Answer<typeof listBankFiles> };
  'GET /bank-files/{id}/content': { 200: Download };
  'POST /bank-files': {
    202: Awaited<ReturnType<typeof uploadBankFile>>['answer'];
    200: Awaited<ReturnType<typeof uploadBankFile>>['answer'];
  };
  'POST /reconciliations': { 202: Answer<typeof requestReconciliation> };
  'GET /reconciliations': { 200: Answer<typeof recentReconciliations> };
  'GET /reconciliations/{id}': { 200: Answer<typeof reconciliationOf> };
  'GET /reconciliations/{id}/report.csv': { 200: Download };
  'GET /reconciliations/{id}/report.xlsx': { 200: Download };
  'POST /reconciliations/{id}/discrepancies/{seq}/resolve': { 200: Answer<typeof resolveDiscrepancy> };
  'POST /settlements': { 201: Answer<typeof settlePool>; 200: Answer<typeof settlePool> };
  'GET /settlements/{year}': { 200: Answer<typeof settlementStatement> };
  'GET /settlements/{year}/statement.csv': { 200: Download };
  'GET /stats': { 200: Answer<typeof statistics> };
  'GET /risk-warnings': {
    200: Period & {
      counts: { red: number; yellow: number; green: number };
      items: ReturnType<typeof filtered>;
    };
  };
  'GET /audit/{entityType}/{id}': {
    200: {
      entityType: AuditedEntity;
      entityId: string;
      events: Answer<AuditLog['chainOf']>;
      verification: ReturnType<typeof verifyChain>;
    };
  };
}

type Responses = { [K in RouteKey]: Contract[K]['responses'] };
type Declared<K extends keyof Responses, S> = S extends keyof Responses[K] ? Responses[K][S] : never;

/** Routes whose answer at some status is not a value of its schema's input (what the route may hand the edge). */
type Unfit = {
  [K in keyof RouteAnswers & keyof Responses]: {
    [S in keyof RouteAnswers[K]]: Declared<K, S> extends z.ZodType
      ? RouteAnswers[K][S] extends z.input<Declared<K, S>>
        ? never
        : `${K} ${S & number}`
      : RouteAnswers[K][S] extends Download
        ? never
        : `${K} ${S & number}: not a download`;
  }[keyof RouteAnswers[K]];
}[keyof RouteAnswers & keyof Responses];

type KeyIn<T> = T extends unknown ? keyof T : never;
type ValueIn<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type Within<K extends string, Inner> = [Inner] extends [never] ? never : `${K}.${Inner & string}`;
/**
 * The fields, at any depth ("items.decision.reason"), that a returned type has and the schema's output does not
 * declare: assignability alone would let an optional field go undocumented.
 */
type Undeclared<Returned, Output> = unknown extends Output
  ? never // declared as any JSON value: nothing inside can be missing
  : Returned extends readonly (infer Item)[]
    ? Undeclared<Item, NonNullable<Output> extends readonly (infer Declared)[] ? Declared : never>
    : Returned extends object
      ? {
          [K in keyof Returned & string]-?: K extends KeyIn<NonNullable<Output>>
            ? Within<K, Undeclared<NonNullable<Returned[K]>, ValueIn<NonNullable<Output>, K>>>
            : K;
        }[keyof Returned & string]
      : never;

type UndeclaredFields = {
  [K in keyof RouteAnswers & keyof Responses]: {
    [S in keyof RouteAnswers[K]]: Declared<K, S> extends z.ZodType
      ? Within<`${K} ${S & number}`, Undeclared<RouteAnswers[K][S], z.output<Declared<K, S>>>>
      : never;
  }[keyof RouteAnswers[K]];
}[keyof RouteAnswers & keyof Responses];

describe('response schemas, as types', () => {
  it('cover exactly the contract’s routes, with the statuses each route answers', () => {
    expectTypeOf<keyof Responses>().toEqualTypeOf<RouteKey>();
    expectTypeOf<keyof RouteAnswers>().toEqualTypeOf<keyof Responses>();
    expectTypeOf<{ -readonly [K in keyof Responses]: keyof Responses[K] }>().toEqualTypeOf<{
      [K in keyof RouteAnswers]: keyof RouteAnswers[K];
    }>();
  });

  // Written as records, so a failure lists the routes and fields by name: "{} is missing properties …".
  it('take what every route answers', () => {
    const unfit: Record<Unfit, true> = {};
    expect(unfit).toEqual({});
  });

  it('declare every field a route answers', () => {
    const undeclared: Record<UndeclaredFields, true> = {};
    expect(undeclared).toEqual({});
  });

  it('keep the literal route keys and schema types for inference', () => {
    expectTypeOf<Responses['GET /payments'][200]>().toEqualTypeOf<typeof paymentPage>();
    expectTypeOf<Responses['GET /settlements/{year}/statement.csv'][200]>().toEqualTypeOf<{
      readonly file: 'text/csv; charset=utf-8';
    }>();
    expectTypeOf<z.output<typeof caseRecord>['status']>().toEqualTypeOf<Case['status']>();
  });
});

const uscc = validUscc('91360728MA35L0AA1');

const filedCase: Case = {
  id: '3f1d3c1e-7d1b-4a51-9a55-0d1f0e5b2a10',
  policyId: '360728-021',
  policyVersion: 2,
  mode: 'review',
  divisionCode: '360728',
  departmentId: '360728-swj',
  uscc,
  channel: 'window',
  filedBy: '360728-window-01',
  period: '2026',
  requestedAmountFen: 5_000_000,
  materialIds: ['6a0b6f0e-1b1c-4f0e-8d7a-3c2b1a0f9e8d'],
  approvedAmountFen: 4_800_000,
  status: 'paid',
  jointReview: [
    {
      agencyId: '360728-credit',
      reason: '曾列入失信名单',
      outcome: 'cleared',
      decidedBy: 'agency:360728-credit',
    },
  ],
  announcementEndsOn: '2026-05-20',
  openObjections: 0,
  timeline: [
    { at: '2026-04-01T01:00:00.000Z', status: 'submitted', by: 'window:360728-window-01' },
    {
      at: '2026-04-10T02:00:00.000Z',
      status: 'announced',
      by: 'department:360728-swj',
      note: '核定 48000 元',
    },
    { at: '2026-05-25T03:00:00.000Z', status: 'paid', by: 'system:payer' },
  ],
  createdAt: '2026-04-01T01:00:00.000Z',
  sentToPayerAt: '2026-05-21T01:00:00.000Z',
  paidAt: '2026-05-25T03:00:00.000Z',
  rating: { score: 5, comment: '办理很快', at: '2026-05-26T08:00:00.000Z' },
};

const paidPayment: Payment = {
  paymentId: `case-${filedCase.id}`,
  source: 'case',
  caseId: filedCase.id,
  policyId: filedCase.policyId,
  policyName: '外贸企业出口奖励',
  departmentId: filedCase.departmentId,
  period: '2026',
  uscc,
  enterpriseName: '定南甲公司',
  amountFen: 4_800_000,
  bankAccount: { bankName: '定南农商银行', accountNo: '6228480000000001', accountName: '定南甲公司' },
  orderedAt: '2026-05-21T01:00:00.000Z',
  status: 'paid',
  warnings: [{ rule: 'account_recently_changed', colour: 'yellow', detail: '收款账户 20 天前变更' }],
  receivedAt: '2026-05-21T01:00:01.000Z',
  updatedAt: '2026-05-25T03:00:00.000Z',
};

describe('response schemas, at run time', () => {
  it('take a case record as the case store keeps it', () => {
    // Act
    const parsed = caseRecord.safeParse(filedCase);

    // Assess
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(filedCase);
  });

  it('take pages of the Dingnan catalog, the last one with a null cursor', () => {
    // Prepare
    const { policies } = parseCatalogTsv(catalogTsv);

    // Act
    const first = policyPage.safeParse({ items: policies.slice(0, 20), nextCursor: 'eyJzayI6IjIwIn0' });
    const last = policyPage.safeParse({ items: policies.slice(20), nextCursor: null });

    // Assess
    expect(first.error).toBeUndefined();
    expect(last.error).toBeUndefined();
    expect(last.data?.items).toEqual(policies.slice(20));
  });

  it('take a page of payments headed by a dead letter', () => {
    // Prepare
    const page: Answer<typeof listPayments> = {
      items: [
        {
          id: 'wl-batch-00007',
          status: 'failed',
          deadLetter: true,
          reason: '兑付指令多次处理失败，已转入死信队列，待人工处理',
          uscc,
          amountFen: 10_000,
        },
        { id: paidPayment.paymentId, ...paidPayment },
      ],
    };

    // Act
    const parsed = paymentPage.safeParse(page);

    // Assess
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(page);
  });

  it('refuse an amount written as a string, or as yuan with decimals', () => {
    // Act
    const asText = paymentPage.safeParse({ items: [{ id: 'p', ...paidPayment, amountFen: '4800000' }] });
    const inYuan = caseRecord.safeParse({ ...filedCase, approvedAmountFen: 48_000.5 });

    // Assess
    expect(asText.success).toBe(false);
    expect(inYuan.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['approvedAmountFen']);
  });

  it('refuse a page of policies without its cursor, and a case in an unknown status', () => {
    expect(policyPage.safeParse({ items: [] }).success).toBe(false);
    expect(caseRecord.safeParse({ ...filedCase, status: 'lost' }).success).toBe(false);
  });

  it('take what the calendar, the audit trail and the API description really answer', async () => {
    // Prepare
    const calendars = { loadedYears: async () => [] } as unknown as CalendarRepository;
    const created = chainEvent(
      {
        entityType: 'case',
        entityId: filedCase.id,
        at: filedCase.createdAt,
        actor: { role: 'window', subject: '360728-window-01' },
        action: 'create',
        before: null,
        after: { status: 'submitted' },
      },
      undefined,
    );

    // Act
    const year = calendarView.safeParse(await viewYear(calendars, 2026));
    const trail = auditTrail.safeParse({
      entityType: 'case',
      entityId: filedCase.id,
      events: [created],
      verification: verifyChain([created]),
    });
    const document = openApiDocumentSchema.safeParse(openApiDocument());

    // Assess
    expect(year.error).toBeUndefined();
    expect(year.data?.source).toBe('built_in');
    expect(trail.error).toBeUndefined();
    expect(document.error).toBeUndefined();
  });
});

describe('response schemas and the contract', () => {
  const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

  it('declare a success for every route of the contract', () => {
    for (const route of API_ROUTES) expect(Object.keys(route.responses), routeKey(route)).not.toEqual([]);
  });

  it('turn into the JSON Schemas the OpenAPI document is made of', () => {
    // Prepare
    const schemas = [
      ...new Set(
        Object.values(CONTRACT).flatMap((route) =>
          Object.values(route.responses).filter((response): response is z.ZodType => !('file' in response)),
        ),
      ),
    ];

    // Act
    const converted = schemas.map((schema) =>
      z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }),
    );

    // Assess
    expect(converted.every((document) => document.type === 'object')).toBe(true);
  });

  it('bundle for a browser without the AWS SDK, node: modules or Lambda code', async () => {
    // Act
    const bundle = await esbuild.build({
      // What a browser imports of the API: the typed client and the response schemas.
      stdin: {
        contents: ['client', ...RESPONSE_MODULES.map((name) => `responses/${name}`)]
          .map((module) => `export * from './${module}.ts';`)
          .join('\n'),
        resolveDir: fileURLToPath(new URL('../../shared/api/', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    // Assess
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(
      inputs.filter((input) => /@aws-sdk|aws-lambda|(^|\/)functions\/|dynamo|^node:/.test(input)),
    ).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('describes the body of every success, the gateway’s own 401, and downloads as files', () => {
    // Act
    const document = openApiDocument();
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods as Record<string, { operationId: string; responses: Record<string, unknown> }>),
    );

    // Assess
    expect(operations).toHaveLength(API_ROUTES.length);
    for (const operation of operations) {
      const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(successes.length, operation.operationId).toBeGreaterThan(0);
      for (const [, response] of successes) {
        const [type, media] =
          Object.entries((response as { content: Record<string, { schema: object }> }).content)[0] ?? [];
        const schema = media?.schema as { properties?: object; format?: string; anyOf?: object[] };
        if (type === 'application/json')
          expect(schema.properties ?? schema.anyOf, operation.operationId).toBeDefined();
        else expect(schema.format, operation.operationId).toBe('binary');
      }
      const unauthorized = operation.responses[401] as
        | { content?: Record<string, { schema: object }> }
        | undefined;
      if (unauthorized) {
        expect(unauthorized.content?.['application/json']?.schema).toMatchObject({
          anyOf: [
            { properties: { message: { const: 'Unauthorized' } } },
            { $ref: '#/components/schemas/Error' },
          ],
        });
      }
    }
  });
});
