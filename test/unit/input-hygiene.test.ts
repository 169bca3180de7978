// Input hygiene at the edge and in the schemas: control and bidi characters, media types, nesting, path ids, token age.
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { enterpriseBody } from '../../shared/enterprises/types.ts';
import { DomainError } from '../../shared/errors.ts';
import {
  type HttpEvent,
  httpHandler,
  jsonBody,
  MAX_JSON_DEPTH,
  MAX_PATH_PARAMETER_LENGTH,
  ok,
  type RoutesOf,
} from '../../shared/http.ts';
import { MAX_CLOCK_SKEW_SECONDS, principalOf } from '../../shared/principal.ts';
import { hasUnsafeCharacter, parseWith, plainText } from '../../shared/validation.ts';
import { checkEntries } from '../../shared/whitelists/whitelist.ts';
import { validUscc } from '../support/uscc.ts';

/** The refusal a call throws, as the envelope's parts. */
const refusalOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { code: error.code, status: error.status, details: error.details };
    throw error;
  }
  throw new Error('nothing was refused');
};
const fieldsOf = (fn: () => unknown) =>
  (refusalOf(fn).details as { fields: { field: string; code: string; message: string }[] }).fields;

describe('plainText', () => {
  const schema = z.strictObject({
    name: plainText(z.string().trim().min(1).max(50)),
    reason: plainText(z.string().trim().min(1).max(500), { multiline: true }).optional(),
    tags: z.array(plainText(z.string().min(1).max(10))).optional(),
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a newline', '甲\n乙'],
    ['a tab', '甲\t乙'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['an escape sequence', '\u001b[31m红'],
  ])('refuses %s in a single-line field, naming the field', (_what, name) => {
    // Act
    const fields = fieldsOf(() => parseWith(schema, { name }));

    // Assess
    expect(fields).toEqual([
      { field: 'name', code: 'CONTROL_CHARACTER', message: expect.stringContaining('字段 name') },
    ]);
    expect(fields[0]?.message).toMatch(/控制字符/);
  });

  it.each(
    [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].map((code) => [
      code.toString(16).toUpperCase(),
      String.fromCodePoint(code),
    ]),
  )('refuses the bidirectional control U+%s, in single- and multi-line fields', (_code, bidi) => {
    // Act
    const fields = fieldsOf(() => parseWith(schema, { name: `发票${bidi}fdp.exe`, reason: `原因${bidi}` }));

    // Assess
    expect(fields.map((field) => [field.field, field.code])).toEqual([
      ['name', 'BIDI_CONTROL_CHARACTER'],
      ['reason', 'BIDI_CONTROL_CHARACTER'],
    ]);
    for (const field of fields) expect(field.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lets tab and line breaks through in multi-line text, and nothing else', () => {
    // Act
    const parsed = parseWith(schema, {
      name: '定南县某某有限公司',
      reason: '第一条：\r\n\t材料不全\n第二条',
    });
    const refused = fieldsOf(() => parseWith(schema, { name: '某公司', reason: '材料\u0000不全' }));

    // Assess
    expect(parsed.reason).toBe('第一条：\r\n\t材料不全\n第二条');
    expect(refused).toEqual([
      { field: 'reason', code: 'CONTROL_CHARACTER', message: expect.stringContaining('字段 reason') },
    ]);
  });

  it('names the element of an array by its index, and keeps ordinary Chinese, emoji and punctuation', () => {
    // Act
    const fields = fieldsOf(() =>
      parseWith(schema, { name: '惠企·兑付（定南）🙂', tags: ['入规', 'x\u2067'] }),
    );

    // Assess
    expect(fields).toEqual([expect.objectContaining({ field: 'tags.1', code: 'BIDI_CONTROL_CHARACTER' })]);
  });

  it('keeps the schema it wraps: its bounds, its trimming and its other refusals', () => {
    // Act
    const trimmed = parseWith(schema, { name: '  某公司  ' });
    const tooLong = fieldsOf(() => parseWith(schema, { name: 'x'.repeat(51) }));
    const both = fieldsOf(() => parseWith(schema, { name: `${'x'.repeat(51)}\u0000` }));

    // Assess
    expect(trimmed.name).toBe('某公司');
    expect(tooLong.map((field) => field.code)).toEqual(['TOO_BIG']);
    expect(both.map((field) => field.code).sort()).toEqual(['CONTROL_CHARACTER', 'TOO_BIG']);
  });

  it('guards the schemas that store names: an enterprise profile and a whitelist line', () => {
    // Prepare
    const uscc = validUscc('91360728MA35H0AA1');
    const name = '定南县\u0000某某有限公司';
    const line = {
      uscc,
      enterpriseName: name,
      bankName: '中国银行定南支行',
      accountNo: '6217000011112222',
      accountName: name,
      amountFen: 1000,
    };

    // Act
    const profile = fieldsOf(() =>
      parseWith(enterpriseBody, {
        name,
        legalRepresentative: '张\u202e三',
        bankAccount: { bankName: '中国银行', accountNo: '6217000011112222', accountName: name },
      }),
    );
    const { accepted, refused } = checkEntries([line], undefined);

    // Assess
    expect(profile.map((field) => [field.field, field.code])).toEqual([
      ['name', 'CONTROL_CHARACTER'],
      ['legalRepresentative', 'BIDI_CONTROL_CHARACTER'],
      ['bankAccount.accountName', 'CONTROL_CHARACTER'],
    ]);
    expect(accepted).toEqual([]);
    expect(refused).toEqual([expect.objectContaining({ line: 1, code: 'CONTROL_CHARACTER' })]);
  });

  it('answers hasUnsafeCharacter as the schemas do', () => {
    expect(hasUnsafeCharacter('360728-001')).toBe(false);
    expect(hasUnsafeCharacter('a\nb')).toBe(true);
    expect(hasUnsafeCharacter('a\nb', true)).toBe(false);
    expect(hasUnsafeCharacter('a\u2069b', true)).toBe(true);
  });
});

describe('JSON bodies at the edge', () => {
  const event = (body: string, headers: Record<string, string>) =>
    ({ body, isBase64Encoded: false, headers }) as unknown as HttpEvent;

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"'])(
    'takes %s',
    (contentType) => {
      expect(jsonBody(event('{"a":1}', { 'content-type': contentType }))).toEqual({ a: 1 });
    },
  );

  it.each([
    ['no Content-Type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['another charset', { 'content-type': 'application/json; charset=gbk' }],
    ['a look-alike', { 'content-type': 'application/jsonp' }],
    ['two values', { 'content-type': 'application/json,text/plain' }],
  ])('refuses a body with %s as 415 UNSUPPORTED_MEDIA_TYPE', (_what, headers) => {
    expect(refusalOf(() => jsonBody(event('{"a":1}', headers)))).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
    });
  });

  it('needs no Content-Type when there is no body, and reads a header spelled in any case', () => {
    expect(jsonBody(event('', {}))).toEqual({});
    expect(jsonBody(event('[]', { 'Content-Type': 'application/json' }))).toEqual([]);
  });

  it('refuses JSON nested deeper than the limit, counting no bracket inside a string', () => {
    // Prepare
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
    const atLimit = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    const bracketsInText = JSON.stringify({ note: '['.repeat(1000), quote: '\\"[[[' });
    const json = { 'content-type': 'application/json' };

    // Act and assess
    expect(refusalOf(() => jsonBody(event(deep, json)))).toMatchObject({
      code: 'JSON_TOO_DEEP',
      status: 400,
    });
    expect(jsonBody(event(atLimit, json))).toBeInstanceOf(Array);
    expect(jsonBody(event(bracketsInText, json))).toEqual(JSON.parse(bracketsInText));
  });
});

describe('path parameters at the edge', () => {
  let reached = 0;
  // Only the route this test calls; the others are never reached.
  const handler = httpHandler('catalog', {
    'GET /policies/{id}': async () => {
      reached++;
      return ok({ reached: true });
    },
  } as unknown as RoutesOf<'catalog'>);
  const get = async (id: string) => {
    const result = (await handler(
      { routeKey: 'GET /policies/{id}', pathParameters: { id } } as unknown as HttpEvent,
      {} as Context,
    )) as { statusCode: number; body: string };
    return { status: result.statusCode, body: JSON.parse(result.body) };
  };

  it('answers an id too long or holding control or bidi characters with 404, before the route runs', async () => {
    // Prepare
    reached = 0;

    // Act
    const answers = await Promise.all(
      [
        'x'.repeat(MAX_PATH_PARAMETER_LENGTH + 1),
        'x'.repeat(2050),
        '360728-001\u0000',
        '360728\u202e-001',
      ].map(get),
    );
    const fine = await get('x'.repeat(MAX_PATH_PARAMETER_LENGTH));

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/不存在/),
      });
    }
    expect(fine.status).toBe(200);
    expect(reached).toBe(1);
  });
});

describe('token age', () => {
  const now = new Date('2026-03-02T08:00:00Z');
  const seconds = now.getTime() / 1000;
  const eventWith = (iat: string | undefined) => ({
    requestContext: {
      authorizer: { jwt: { claims: { sub: 'finance-dingnan', role: 'finance', ...(iat ? { iat } : {}) } } },
    },
  });

  it(`accepts a token issued up to ${MAX_CLOCK_SKEW_SECONDS} s ahead of this clock, or without iat`, () => {
    expect(principalOf(eventWith(String(seconds - 3600)) as never, now).role).toBe('finance');
    expect(principalOf(eventWith(String(seconds + MAX_CLOCK_SKEW_SECONDS)) as never, now).role).toBe(
      'finance',
    );
    expect(principalOf(eventWith(undefined) as never, now).role).toBe('finance');
  });

  it('refuses a token issued further in the future, or with an unreadable iat, as 401', () => {
    expect(
      refusalOf(() => principalOf(eventWith(String(seconds + MAX_CLOCK_SKEW_SECONDS + 1)) as never, now)),
    ).toMatchObject({ code: 'TOKEN_ISSUED_IN_FUTURE', status: 401 });
    expect(refusalOf(() => principalOf(eventWith('soon') as never, now))).toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
  });
});
