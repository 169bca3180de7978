// Property: whatever malformed request reaches a write route, or any route's path and query parameters, the answer
// is a 4xx refusal in the error envelope, never a 5xx, and not one item or message is written anywhere.
import { createHash } from 'node:crypto';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { LOCAL_CREDENTIALS } from '../../infra/local/loopback.ts';
import { API_ROUTES, type ApiRoute, routeKeyOf } from '../../shared/api/contract.ts';
import { canonicalJson } from '../../shared/audit/chain.ts';
import { MAX_JSON_DEPTH, MAX_PATH_PARAMETER_LENGTH } from '../../shared/http.ts';
import type { Role } from '../../shared/principal.ts';
import { bootPlatform, enterpriseProfile, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

/** Requests sent at once; the platform's functions run side by side, so batches keep the run short. */
const BATCH = 16;
const RUNS = 130;
/** Fixed so a failure replays; fast-check prints the seed and path of any counterexample. */
const SEED = 20261130;

const ENTERPRISE = validUscc('91360728MA35M0AA1');
/** Who calls as each role: real ids, so a refusal comes from the request and not from the caller. */
const SUBJECTS: Record<Role, string> = {
  enterprise: ENTERPRISE,
  window: 'window-dingnan',
  department: '360728-gxj',
  agency: '360728-credit',
  payer: 'payer-dingnan',
  finance: 'finance-dingnan',
  admin: 'admin-dingnan',
};

/** Path parameters as a well-formed request would give them; none names a thing a request could change. */
const PLAUSIBLE_PATH: Record<string, string> = {
  id: 'hygiene-no-such-id',
  uscc: ENTERPRISE,
  year: '2031',
  seq: '1',
  version: '1',
  entityType: 'case',
};

const guide = {
  groupName: '数字经济发展奖励',
  name: '新认定省级专精特新企业奖励',
  mode: 'instant',
  channel: 'online',
  basis: '定南县促进数字经济发展若干措施（试行）\n第三条',
  eligibility: { text: '新认定为省级专精特新中小企业的本县工业企业', rules: { allTags: ['专精特新'] } },
  materials: [{ name: '认定文件', required: true }],
  timeLimits: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
  amountRule: { kind: 'fixed', amountFen: 10_000_000 },
  announcementDays: 0,
  effectiveFrom: '2031-01-01',
};
const whitelistLine = {
  uscc: ENTERPRISE,
  enterpriseName: '定南测试企业有限公司',
  bankName: '中国银行定南支行',
  accountNo: '6217000011112222',
  accountName: '定南测试企业有限公司',
  amountFen: 100_000,
};

/**
 * A body each write route accepts, to mutate into malformed ones and to carry malformed paths. A route added to the
 * contract without one here is still covered, from an empty object.
 */
const EXAMPLES: Record<string, unknown> = {
  'POST /policies': { ...guide, seq: 9001, departmentId: '360728-gxj' },
  'PUT /policies/{id}': guide,
  'POST /policies/{id}/status': { status: 'published', reason: '县政府常务会议审议通过' },
  'PUT /calendar/{year}': { holidays: [{ date: '2031-01-01', name: '元旦' }], makeupWorkdays: [] },
  'PUT /enterprises/me': enterpriseProfile(ENTERPRISE),
  'POST /materials': { fileName: '营业执照.pdf', contentType: 'application/pdf', sizeBytes: 1024 },
  'POST /applications': { policyId: '360728-020', requestedAmountFen: 500_000 },
  'POST /applications/{id}/resubmit': { note: '已补充材料' },
  'POST /applications/{id}/rating': { score: 5, comment: '办理很快' },
  'POST /applications/{id}/redrive': { reason: '审批流程中断，恢复办理' },
  'POST /applications/{id}/objections': { reason: '该企业不符合享受条件' },
  'POST /tasks/{id}/decision': { outcome: 'approve', amountFen: 100_000 },
  'PUT /blacklist/{uscc}': { reason: '失信被执行人', listedUntil: '2031-12-31' },
  'POST /budgets/allocations': { policyId: '360728-002', year: 2031, amountFen: 1_000_000, ref: 'HY-1' },
  'POST /whitelist-batches': { policyId: '360728-002', batchRef: 'HY-1', entries: [whitelistLine] },
  'POST /payments/{id}/release': { reason: '核实无误，予以放行' },
  'POST /payments/{id}/reject': { reason: '核实存在问题，拒付' },
  'POST /reconciliations': { from: '2031-01-01', to: '2031-01-31' },
  'POST /reconciliations/{id}/discrepancies/{seq}/resolve': { note: '已与银行核实' },
  'POST /settlements': { policyId: '360728-002', year: 2031 },
};

const WRITE_ROUTES = API_ROUTES.filter((route) => route.method !== 'GET');
const pathParametersOf = (route: ApiRoute) =>
  [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
const queryParametersOf = (route: ApiRoute) => Object.keys(route.query?.shape ?? {});
const exampleOf = (route: ApiRoute) => EXAMPLES[routeKeyOf(route)] ?? {};

/** Characters no id, name or text may hold: C0 controls, DEL, a C1 control and every bidirectional control. */
const UNSAFE_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u001b',
  '\u007f',
  '\u0085',
  ...'\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069',
];
const unsafeCharacter = fc.constantFrom(...UNSAFE_CHARACTERS);
const withUnsafeCharacter = (text: string) =>
  fc
    .tuple(unsafeCharacter, fc.nat({ max: text.length }))
    .map(([character, at]) => `${text.slice(0, at)}${character}${text.slice(at)}`);
const oversize = (min: number, max = 2100, characters = ['a', '9', '-', '惠', 'é']) =>
  fc
    .tuple(fc.constantFrom(...characters), fc.integer({ min, max }))
    .map(([character, length]) => character.repeat(length));

// --- Bodies -------------------------------------------------------------------------------------------------

/** Marks a number JSON can carry but JavaScript cannot hold exactly, written into the text as it stands. */
const RAW_NUMBER = 'RAW-NUMBER:';
const wrongValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, '', 'x', [], {}, ['x'], { a: 1 }),
  fc.constantFrom(-0.01, -100_000, 1e21, 2 ** 53 + 2, 1e308, -1e308),
  oversize(1000),
  fc.string({ maxLength: 20 }),
);

/** Every path to a value in an example body, objects and arrays included. */
function pathsIn(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const keys = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsIn((value as Record<string | number, unknown>)[key], path)];
  });
}

/** The object or array holding the value at `path`, unless an earlier mutation took it away. */
const parentAt = (target: unknown, path: (string | number)[]) =>
  path
    .slice(0, -1)
    .reduce<unknown>(
      (node, key) =>
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
      target,
    );
const lastOf = (path: (string | number)[]) => path[path.length - 1] as string | number;

function setAt(target: unknown, path: (string | number)[], value: unknown): void {
  const parent = parentAt(target, path);
  if (parent !== null && typeof parent === 'object')
    (parent as Record<string | number, unknown>)[lastOf(path)] = value;
}

function deleteAt(target: unknown, path: (string | number)[]): void {
  const parent = parentAt(target, path);
  if (Array.isArray(parent)) parent.splice(Number(lastOf(path)), 1);
  else if (parent !== null && typeof parent === 'object')
    delete (parent as Record<string, unknown>)[lastOf(path)];
}

/** Nested arrays deeper than the edge reads: refused whatever the schema says of the place they sit in. */
const deeplyNested = fc
  .integer({ min: MAX_JSON_DEPTH + 1, max: 3000 })
  .map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown);

type Mutation = (body: unknown) => void;

/** One way to spoil a body: a field missing, of the wrong type, too long, with a control character, out of range. */
function mutation(route: ApiRoute): fc.Arbitrary<Mutation> {
  const example = exampleOf(route);
  const paths = [
    ...pathsIn(example),
    // Optional fields the example leaves out can be spoilt too.
    ...Object.keys(route.body instanceof z.ZodObject ? route.body.shape : {}).map((key) => [key]),
  ];
  const valueAt = (path: (string | number)[]) =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], example);
  const atPath = fc.constantFrom(...(paths.length > 0 ? paths : [['field']]));
  const missing = atPath.map(
    (path): Mutation =>
      (body) =>
        deleteAt(body, path),
  );
  const wrongType = fc.tuple(atPath, wrongValue).map(
    ([path, value]): Mutation =>
      (body) =>
        setAt(body, path, value),
  );
  const badText = atPath.chain((path) => {
    const current = valueAt(path);
    const text = typeof current === 'string' && current !== '' ? current : '某某有限公司';
    return fc.oneof(withUnsafeCharacter(text), oversize(MAX_PATH_PARAMETER_LENGTH + 1)).map(
      (value): Mutation =>
        (body) =>
          setAt(body, path, value),
    );
  });
  const rawNumber = fc
    .tuple(atPath, fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '-0'))
    .map(
      ([path, raw]): Mutation =>
        (body) =>
          setAt(body, path, `${RAW_NUMBER}${raw}`),
    );
  const tooDeep = fc.tuple(atPath, deeplyNested).map(
    ([path, value]): Mutation =>
      (body) =>
        setAt(body, path, value),
  );
  // A field no client may set, or any unknown one; defined, not assigned, so `__proto__` stays a field.
  const extraField = fc
    .tuple(
      fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'id', 'status', 'createdAt', 'approvedAmountFen'),
        fc.string({ minLength: 1, maxLength: 12 }),
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(
      ([key, value]): Mutation =>
        (body) => {
          if (body !== null && typeof body === 'object' && !Array.isArray(body))
            Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
        },
    );
  return fc.oneof(
    { arbitrary: missing, weight: 3 },
    { arbitrary: wrongType, weight: 4 },
    { arbitrary: badText, weight: 4 },
    { arbitrary: rawNumber, weight: 2 },
    { arbitrary: tooDeep, weight: 1 },
    { arbitrary: extraField, weight: 3 },
  );
}

/** JSON text with raw numbers put back in place of their markers. */
const textOf = (body: unknown) =>
  JSON.stringify(body).replace(new RegExp(`"${RAW_NUMBER}([^"]*)"`, 'g'), (_match, raw: string) => raw);

/** Whether arrays and objects nest deeper than `limit`, looking no deeper than needed to tell. */
const nestsDeeperThan = (value: unknown, limit: number): boolean =>
  value !== null && typeof value === 'object'
    ? limit < 1 || Object.values(value).some((child) => nestsDeeperThan(child, limit - 1))
    : limit < 0;

/** Whether the edge or the route's own schema refuses the text: only such bodies are sent. */
function refused(route: ApiRoute, text: string): boolean {
  let parsed: unknown;
  try {
    // The edge reads no body as an empty object.
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    return true;
  }
  return nestsDeeperThan(parsed, MAX_JSON_DEPTH) || !route.body?.safeParse(parsed).success;
}

const malformedJson = (route: ApiRoute) => {
  const text = JSON.stringify(exampleOf(route));
  return fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 1) }).map((at) => text.slice(0, at)),
    fc.constantFrom(
      `${text}x`,
      `\ufeff${text}`,
      `/* 注释 */${text}`,
      text.replace(/"/g, "'"),
      '{"a":NaN}',
      '{"a":undefined}',
      ' ',
      '\n',
      'null',
      'true',
      '"文本"',
      '42',
      '[]',
      '[{}]',
    ),
    fc
      .tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: MAX_JSON_DEPTH + 1, max: 5000 }))
      .map(([open, depth]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`),
    fc.string({ minLength: 1, maxLength: 100 }),
  );
};

// --- Requests -----------------------------------------------------------------------------------------------

type Kind = 'body' | 'json' | 'media-type' | 'path' | 'query';

interface MalformedRequest {
  kind: Kind;
  /** The route's key, which is all a failure report needs of it. */
  route: string;
  role?: Role;
  /** Path as sent, already encoded. */
  path: string;
  contentType?: string;
  body?: string;
  /** What was spoilt: a parameter's name, for coverage. */
  spoilt?: string;
  /** The answer the edge owes, when it is a particular one. */
  expected?: { status: number; code: string };
}

const roleOf = (route: ApiRoute) =>
  route.roles === 'public' ? fc.constant(undefined) : fc.constantFrom(...route.roles);

const pathWith = (route: ApiRoute, values: Record<string, string>) =>
  route.path.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '');
const plausiblePath = (route: ApiRoute) =>
  pathWith(
    route,
    Object.fromEntries(
      pathParametersOf(route).map((name) => [name, encodeURIComponent(PLAUSIBLE_PATH[name] ?? 'x')]),
    ),
  );

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const WRONG_TYPES = [
  undefined,
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=gbk',
  'application/jsonp',
  'application/json, text/plain',
];

/** Path values that cannot name anything: over-long, holding a control or bidi character, or junk. */
const badPathValue = (name: string): fc.Arbitrary<{ raw: string; edgeRefuses: boolean }> => {
  const plausible = PLAUSIBLE_PATH[name] ?? 'x';
  const encoded = (edgeRefuses: boolean) => (value: string) => ({
    raw: encodeURIComponent(value),
    edgeRefuses,
  });
  return fc.oneof(
    oversize(MAX_PATH_PARAMETER_LENGTH + 1).map(encoded(true)),
    fc.integer({ min: 1000, max: 2050 }).map((length) => encoded(true)(`${plausible}${'0'.repeat(length)}`)),
    withUnsafeCharacter(plausible).map(encoded(true)),
    fc
      .constantFrom(
        'null',
        'undefined',
        'true',
        '[]',
        '{}',
        'NaN',
        'Infinity',
        '-1',
        '0',
        '1e309',
        '9'.repeat(25),
        '1.5',
        '__proto__',
        'constructor',
        "' OR '1'='1",
        '<script>alert(1)</script>',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, sent as written
        '${jndi:ldap://x}',
        '../../etc/passwd',
        'a/b',
        '惠企兑付',
      )
      .map(encoded(false)),
    fc.constantFrom('%zz', '%E4%B8', '%C0%AF', '%ED%A0%80').map((raw) => ({ raw, edgeRefuses: false })),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((text) => encoded(false)(`h${text}`)),
  );
};

const badQueryValue = fc.oneof(
  // ASCII, so most stay under the request line's limit and reach the function.
  oversize(1025, 2100, ['a', '9', '-']),
  withUnsafeCharacter('360728-001'),
  fc.constantFrom('', 'abc', '-1', '0', '1e309', '9'.repeat(25), '[]', 'null', '2026-13-45', '__proto__'),
  fc.string({ maxLength: 30 }),
);

const spoiltBody = (route: ApiRoute): fc.Arbitrary<MalformedRequest> =>
  fc
    .record({
      role: roleOf(route),
      mutations: fc.array(mutation(route), { minLength: 1, maxLength: 3 }),
      contentType: fc.constantFrom(...JSON_TYPES),
    })
    .map(({ role, mutations, contentType }) => {
      const spoilt = structuredClone(exampleOf(route));
      for (const spoil of mutations) spoil(spoilt);
      const body = textOf(spoilt);
      return {
        route: routeKeyOf(route),
        kind: 'body' as const,
        path: plausiblePath(route),
        role,
        contentType,
        body,
      };
    })
    .filter((request) => refused(route, request.body));

const notJson = (route: ApiRoute): fc.Arbitrary<MalformedRequest> =>
  fc
    .record({ role: roleOf(route), text: malformedJson(route) })
    .filter(({ text }) => refused(route, text))
    .map(({ role, text }) => ({
      route: routeKeyOf(route),
      kind: 'json' as const,
      path: plausiblePath(route),
      role,
      contentType: 'application/json',
      body: text,
    }));

/** A body the route would take, under any media type but JSON. */
const wrongMediaType = (route: ApiRoute): fc.Arbitrary<MalformedRequest> =>
  fc
    .record({ role: roleOf(route), contentType: fc.constantFrom(...WRONG_TYPES) })
    .map(({ role, contentType }) => ({
      route: routeKeyOf(route),
      kind: 'media-type' as const,
      path: plausiblePath(route),
      role,
      ...(contentType ? { contentType } : {}),
      body: JSON.stringify(exampleOf(route)),
      expected: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    }));

/** One path parameter spoilt, the others as a well-formed request gives them, and a body the route would take. */
const badPath = (route: ApiRoute, name: string): fc.Arbitrary<MalformedRequest> =>
  fc.record({ role: roleOf(route), value: badPathValue(name) }).map(({ role, value }) => {
    const values = Object.fromEntries(
      pathParametersOf(route).map((parameter) => [
        parameter,
        parameter === name ? value.raw : encodeURIComponent(PLAUSIBLE_PATH[parameter] ?? 'x'),
      ]),
    );
    return {
      route: routeKeyOf(route),
      kind: 'path' as const,
      role,
      path: pathWith(route, values),
      spoilt: name,
      ...(route.body ? { contentType: 'application/json', body: JSON.stringify(exampleOf(route)) } : {}),
      ...(value.edgeRefuses ? { expected: { status: 404, code: 'NOT_FOUND' } } : {}),
    };
  });

/** One query parameter spoilt, unknown or given twice (the API Gateway event joins repeated values with commas). */
const badQuery = (route: ApiRoute, name: string): fc.Arbitrary<MalformedRequest> =>
  fc
    .record({ role: roleOf(route), value: badQueryValue, twice: fc.boolean() })
    .filter(
      ({ value, twice }) => !route.query?.safeParse({ [name]: twice ? `${value},${value}` : value }).success,
    )
    .map(({ role, value, twice }) => {
      const query = new URLSearchParams([[name, value]]);
      if (twice) query.append(name, value);
      return {
        route: routeKeyOf(route),
        kind: 'query' as const,
        role,
        path: `${plausiblePath(route)}?${query}`,
        spoilt: name,
      };
    });

/** Parameters no route declares; a strict query schema refuses each. */
const UNKNOWN_QUERY_PARAMETERS = ['unknown', '__proto__', 'limit[]'];

/**
 * What is tried: every write route's body three ways, and every path and query parameter of every route, each
 * often enough that a run covers them all whatever the seed; writes, which can do harm, twice as often as reads.
 */
const TARGETS: fc.WeightedArbitrary<MalformedRequest>[] = API_ROUTES.flatMap((route) => {
  const queryParameters = queryParametersOf(route);
  const weight = route.method === 'GET' ? 1 : 2;
  return [
    ...(route.body ? [spoiltBody(route), notJson(route), wrongMediaType(route)] : []),
    ...pathParametersOf(route).map((name) => badPath(route, name)),
    ...queryParameters.map((name) => badQuery(route, name)),
    ...(queryParameters.length > 0
      ? [fc.constantFrom(...UNKNOWN_QUERY_PARAMETERS).chain((name) => badQuery(route, name))]
      : []),
  ].map((arbitrary) => ({ arbitrary, weight }));
});
const malformedRequest = fc.oneof(...TARGETS);

// --- The platform -------------------------------------------------------------------------------------------

describe('every route refuses malformed requests and writes nothing', () => {
  let local: TestPlatform;
  let dynamo: DynamoDBClient;
  let sqs: SQSClient;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    local = await bootPlatform();
    await local.registerEnterprise(ENTERPRISE);
    for (const [role, subject] of Object.entries(SUBJECTS) as [Role, string][])
      tokens.set(role, await local.token(role, subject));
    const endpoint = { region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
    dynamo = new DynamoDBClient({ ...endpoint, endpoint: local.platform.endpoints.dynamodb });
    sqs = new SQSClient({ ...endpoint, endpoint: local.platform.endpoints.sqs });
  });
  afterAll(async () => {
    dynamo?.destroy();
    sqs?.destroy();
    await local?.stop();
  });

  /** Every table's item count and a digest of its items, and every queue's depth; a test-only scan, small here. */
  async function snapshot(): Promise<Record<string, string>> {
    const state: Record<string, string> = {};
    for (const table of (await dynamo.send(new ListTablesCommand({}))).TableNames ?? []) {
      const items: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamo.send(
          new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey as never }),
        );
        items.push(...(page.Items ?? []).map((item) => canonicalJson(item)));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      const digest = createHash('sha256').update(items.sort().join('\n')).digest('hex');
      state[`table ${table}`] = `${items.length} items, ${digest}`;
    }
    for (const queueUrl of (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      state[`queue ${queueUrl}`] = JSON.stringify(Attributes);
    }
    return state;
  }

  async function send(request: MalformedRequest) {
    const token = request.role ? tokens.get(request.role) : undefined;
    const response = await fetch(`${local.platform.url}${request.path}`, {
      method: request.route.split(' ')[0],
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(request.contentType ? { 'content-type': request.contentType } : {}),
      },
      // Bytes, so fetch adds no Content-Type of its own.
      ...(request.body === undefined ? {} : { body: Buffer.from(request.body, 'utf8') }),
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = { ...JSON.parse(text) };
    } catch {
      // Not JSON (a download, had one been let through): the status alone will fail the assertions.
    }
    return { status: response.status, text, body };
  }

  it('has a valid example body for the routes it names, and names only routes of the contract', () => {
    const routes = new Map(API_ROUTES.map((route) => [routeKeyOf(route), route]));
    for (const [key, example] of Object.entries(EXAMPLES)) {
      const route = routes.get(key);
      expect(route, key).toBeDefined();
      expect(route?.body?.safeParse(example).success, key).toBe(true);
    }
  });

  it(`answers ${BATCH * RUNS} generated malformed requests with a 4xx refusal and writes nothing`, async () => {
    // Prepare
    const before = await snapshot();
    const sent: MalformedRequest[] = [];

    // Act and assess, a batch at a time.
    await fc.assert(
      fc.asyncProperty(fc.array(malformedRequest, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await Promise.all(batch.map(send));
        batch.forEach((request, index) => {
          const answer = answers[index] as Awaited<ReturnType<typeof send>>;
          const what = `${request.kind} ${request.route} ${request.path.slice(0, 200)} → ${answer.text.slice(0, 300)}`;
          expect(answer.status, what).toBeGreaterThanOrEqual(400);
          expect(answer.status, what).toBeLessThan(500);
          expect(answer.text, what).not.toMatch(/at .+\.(ts|js|mjs):\d+/);
          const error = answer.body.error as { code?: string; message?: string } | undefined;
          if (error) {
            expect(error.code, what).toMatch(/^[A-Z][A-Z0-9_]+$/);
            expect(error.message, what).toMatch(/[\u4e00-\u9fff]/);
          } else {
            // The gateway's own answers: no route for an empty or split segment, or a request line too long.
            expect([404, 413, 431], what).toContain(answer.status);
            expect(answer.body.message, what).toEqual(expect.any(String));
          }
          if (request.expected && answer.status !== 431) {
            expect([answer.status, error?.code], what).toEqual([
              request.expected.status,
              request.expected.code,
            ]);
          }
        });
        sent.push(...batch);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Let anything a request might have set going (a queue message, a chain) land before looking.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    // Assess: nothing was written, and every write route, path and query parameter was tried.
    expect(await snapshot()).toEqual(before);
    expect(sent.length).toBeGreaterThanOrEqual(2000);
    const tried = new Set(sent.map((request) => `${request.kind} ${request.route}`));
    const spoilt = new Set(sent.map((request) => `${request.route} ${request.spoilt}`));
    for (const route of WRITE_ROUTES) {
      if (route.body) {
        for (const kind of ['body', 'json', 'media-type'])
          expect(tried, `${kind} ${routeKeyOf(route)}`).toContain(`${kind} ${routeKeyOf(route)}`);
      }
    }
    for (const route of API_ROUTES) {
      for (const name of [...pathParametersOf(route), ...queryParametersOf(route)])
        expect(spoilt, `${routeKeyOf(route)} ${name}`).toContain(`${routeKeyOf(route)} ${name}`);
    }
  }, 180_000);
});
