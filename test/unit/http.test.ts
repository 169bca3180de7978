import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { errorResult, type HttpEvent, jsonBody, MAX_BODY_BYTES } from '../../shared/http.ts';
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
