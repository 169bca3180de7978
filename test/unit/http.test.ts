import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_ROUTES, routeKeyOf } from '../../shared/api/contract.ts';
import { csvText, parseCsv } from '../../shared/csv.ts';
import { DomainError } from '../../shared/errors.ts';
import {
  errorResult,
  type HttpEvent,
  httpHandler,
  jsonBody,
  MAX_BODY_BYTES,
  ok,
  type RoutesOf,
} from '../../shared/http.ts';
import { SECURITY_HEADERS } from '../../shared/security-headers.ts';
import { parseWith } from '../../shared/validation.ts';

const event = (body: string | undefined, isBase64Encoded = false, contentType = 'application/json') =>
  ({ body, isBase64Encoded, headers: { 'content-type': contentType } }) as unknown as HttpEvent;
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError
      ? { code: error.code, status: error.status, details: error.details }
      : 'other';
  }
  return 'none';
};

describe('the HTTP edge', () => {
  it('refuses malformed JSON and oversize bodies with stable codes', () => {
    expect(codeOf(() => jsonBody(event('{"a":')))).toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
    expect(codeOf(() => jsonBody(event('x'.repeat(MAX_BODY_BYTES + 1))))).toMatchObject({
      code: 'BODY_TOO_LARGE',
      status: 413,
    });
    expect(jsonBody(event(Buffer.from('{"a":1}').toString('base64'), true))).toEqual({ a: 1 });
  });

  it('names every unknown field and every bad field, in Chinese', () => {
    const schema = z.strictObject({ amountFen: z.number().int() });
    const refusal = codeOf(() => parseWith(schema, { amountFen: 1.5, status: 'paid', id: 'x' })) as {
      code: string;
      details: { fields: { field: string; code: string; message: string }[] };
    };
    expect(refusal.code).toBe('VALIDATION_FAILED');
    const fields = refusal.details.fields;
    expect(fields.map((f) => [f.field, f.code])).toEqual(
      expect.arrayContaining([
        ['status', 'UNKNOWN_FIELD'],
        ['id', 'UNKNOWN_FIELD'],
        ['amountFen', 'INVALID_TYPE'],
      ]),
    );
    for (const field of fields) expect(field.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('turns an unexpected error into a 500 envelope without its message or stack', () => {
    const result = errorResult(new Error('secret connection string at db.internal:5432'));
    expect(result.status).toBe(500);
    const text = JSON.stringify(result.body);
    expect(text).toContain('INTERNAL_ERROR');
    expect(text).not.toContain('db.internal');
    expect(text).not.toContain('at ');
  });
});

describe('what every answer carries', () => {
  it('sends the security headers with answers and refusals alike', async () => {
    // Prepare: one route answering JSON; an unknown route key is refused by the same edge.
    const handler = httpHandler('catalog', {
      'GET /departments': async () => ok({ items: [] }),
    } as unknown as RoutesOf<'catalog'>);
    const call = async (routeKey: string) =>
      (await handler(
        { routeKey, pathParameters: {}, queryStringParameters: {} } as unknown as HttpEvent,
        {} as Context,
      )) as {
        statusCode: number;
        headers: Record<string, string>;
      };

    // Act
    const answered = await call('GET /departments');
    const refused = await call('GET /nowhere');

    // Assess
    expect(answered.statusCode).toBe(200);
    expect(refused.statusCode).toBe(404);
    for (const response of [answered, refused]) {
      expect(response.headers).toMatchObject(SECURITY_HEADERS);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('CSV for spreadsheets', () => {
  it('makes text that would run as a formula inert, and leaves numbers and plain text alone', () => {
    // Act
    const text = csvText([
      ['=HYPERLINK("http://x")', '+1+1', '@SUM(A1)', '-cmd', '-1,200.00', '定南甲公司', -5],
    ]);

    // Assess
    expect(parseCsv(text.slice(1))[0]).toEqual([
      '\'=HYPERLINK("http://x")',
      "'+1+1",
      "'@SUM(A1)",
      "'-cmd",
      '-1,200.00',
      '定南甲公司',
      '-5',
    ]);
  });
});

describe('what shared caches may keep', () => {
  const handlerWith = (publicCacheSeconds: number) =>
    httpHandler(
      'catalog',
      {
        'GET /departments': async () => ok({ items: [] }),
        'GET /policies/{id}': async () => {
          throw new DomainError('NOT_FOUND', 404, '政策事项不存在');
        },
        'GET /policies/{id}/versions/{version}': async () => ok({}),
      } as unknown as RoutesOf<'catalog'>,
      { publicCacheSeconds },
    );
  const call = async (handler: ReturnType<typeof handlerWith>, routeKey: string) =>
    (
      (await handler(
        {
          routeKey,
          pathParameters: { id: '360728-001', version: '1' },
          queryStringParameters: {},
        } as unknown as HttpEvent,
        {} as Context,
      )) as { headers: Record<string, string> }
    ).headers['cache-control'];

  it('lets CloudFront keep a public catalog read for the function’s seconds, and nothing else', async () => {
    // Prepare
    const cached = handlerWith(30);

    // Act & Assess: a route the contract marks shared, a refusal of one, and a public route not marked.
    expect(await call(cached, 'GET /departments')).toBe('public, max-age=30');
    expect(await call(cached, 'GET /policies/{id}')).toBe('no-store');
    expect(await call(cached, 'GET /policies/{id}/versions/{version}')).toBe('no-store');
    expect(await call(handlerWith(0), 'GET /departments')).toBe('no-store');
  });

  it('is declared on public routes only, so no answer to a token is ever shared', () => {
    const shared = API_ROUTES.filter((route) => route.sharedCache);
    expect(shared.map(routeKeyOf).sort()).toEqual([
      'GET /departments',
      'GET /policies',
      'GET /policies/{id}',
    ]);
    for (const route of shared) expect(route.roles).toBe('public');
  });
});
