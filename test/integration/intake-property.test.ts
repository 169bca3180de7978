// Property: whatever malformed body reaches POST /applications, the answer is a 4xx with an error code and nothing is written.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/loopback.ts';
import { bootPlatform, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

const RUNS = 1000;
/** Fixed so a failure replays; fast-check prints the seed and path of any counterexample. */
const SEED = 20261121;

const VALID = { policyId: '360728-020', requestedAmountFen: 500_000, materialIds: [] as string[] };
const KNOWN_FIELDS = ['policyId', 'requestedAmountFen', 'materialIds', 'onBehalfOf'];

/** Anything JSON can carry except the type a field wants. */
const notA = (kind: 'string' | 'integer' | 'array') =>
  fc.oneof(
    ...[
      kind !== 'string' ? fc.string() : undefined,
      kind !== 'integer' ? fc.integer() : undefined,
      fc.double({ noInteger: true, noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      kind !== 'array' ? fc.array(fc.string(), { maxLength: 3 }) : undefined,
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    ].filter((arbitrary) => arbitrary !== undefined),
  );

/** Bodies that are each wrong in at least one way, as raw request text. */
const malformedBody: fc.Arbitrary<string> = fc.oneof(
  // Not JSON at all.
  fc.string({ minLength: 1, maxLength: 200 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
  // JSON, but not an object.
  fc
    .oneof(
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.jsonValue(), { maxLength: 5 }),
      fc.string(),
    )
    .map((value) => JSON.stringify(value)),
  // The required policy id missing.
  fc
    .record(
      { requestedAmountFen: fc.nat(), materialIds: fc.array(fc.uuid(), { maxLength: 3 }) },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  // One field of the wrong type or out of range.
  fc
    .oneof(
      notA('string').map((policyId) => ({ ...VALID, policyId })),
      fc.constantFrom('', 'x'.repeat(65)).map((policyId) => ({ ...VALID, policyId })),
      fc
        .oneof(notA('integer'), fc.integer({ max: 0 }), fc.constant(100_000_000_001))
        .map((requestedAmountFen) => ({ ...VALID, requestedAmountFen })),
      notA('array').map((materialIds) => ({ ...VALID, materialIds })),
      fc
        .array(notA('string'), { minLength: 1, maxLength: 3 })
        .map((materialIds) => ({ ...VALID, materialIds })),
      fc.array(fc.uuid(), { minLength: 51, maxLength: 60 }).map((materialIds) => ({ ...VALID, materialIds })),
      fc.string({ minLength: 1, maxLength: 20 }).map((onBehalfOf) => ({ ...VALID, onBehalfOf })),
    )
    .map((body) => JSON.stringify(body)),
  // A field no client may set (status, approved amount, id, …) or any unknown one.
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom(
          'status',
          'approvedAmountFen',
          'id',
          'uscc',
          'departmentId',
          'policyVersion',
          '__proto__',
        ),
        fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !KNOWN_FIELDS.includes(key)),
      ),
      fc.jsonValue(),
    )
    .map(
      ([key, value]) => `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},"policyId":"360728-020"}`,
    ),
  // Well-formed, but for a policy that does not exist.
  fc
    .string({ minLength: 1, maxLength: 64 })
    .filter((policyId) => !/^\d{6}-\d{3}$/.test(policyId))
    .map((policyId) => JSON.stringify({ policyId })),
);

describe('intake refuses malformed bodies and writes nothing', () => {
  let local: TestPlatform;
  let token: string;
  let dynamo: DynamoDBClient;

  beforeAll(async () => {
    local = await bootPlatform();
    token = await local.registerEnterprise(validUscc('91360728MA35J0AA1'));
    dynamo = new DynamoDBClient({
      endpoint: local.platform.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(async () => {
    await local?.stop();
  });

  const intakeTables = () => {
    const environment = local.platform.assembly.functions.find((f) =>
      f.name.startsWith('IntakeFunction'),
    )?.environment;
    return [environment?.CASES_TABLE, environment?.AUDIT_TABLE].map(String);
  };
  /** Items in the tables intake writes to; a test-only scan, small here. */
  const itemCounts = async () =>
    Promise.all(
      intakeTables().map(
        async (table) => (await dynamo.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count,
      ),
    );

  it(`answers ${RUNS} generated malformed bodies with a 4xx and an error code`, async () => {
    // Prepare
    const before = await itemCounts();
    const answered: number[] = [];
    // Act and assess, body by body.
    await fc.assert(
      fc.asyncProperty(malformedBody, async (body) => {
        const response = await local.call('POST', '/applications', { token, body });
        answered.push(response.status);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
        expect(response.body.error.message).toMatch(/[\u4e00-\u9fff]/);
        expect(JSON.stringify(response.body)).not.toMatch(/at .+\.(ts|js|mjs):\d+/);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Assess: every one was answered, and not one item was written.
    expect(answered).toHaveLength(RUNS);
    expect(await itemCounts()).toEqual(before);
    const mine = await local.call('GET', '/applications', { token });
    expect(mine.body.items).toHaveLength(0);
  });

  it('refuses a body over 1 MB with 413 and writes nothing', async () => {
    const before = await itemCounts();
    const oversize = JSON.stringify({ ...VALID, padding: 'x'.repeat(1024 * 1024) });
    const response = await local.call('POST', '/applications', { token, body: oversize });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('BODY_TOO_LARGE');
    expect(await itemCounts()).toEqual(before);
  });
});
