// The check that holds every answer an integration test receives to the contract must be able to fail.
import { describe, expect, it } from 'vitest';
import { ContractBreach, checkAnswer, routeFor } from '../support/contract-check.ts';

const json = (status: number, body: unknown) => ({
  status,
  body,
  headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
});

describe('the contract check every integration test makes', () => {
  it('routes a concrete path to its route as API Gateway does, the literal one first', () => {
    expect(routeFor('GET', '/enterprises/me')?.path).toBe('/enterprises/me');
    expect(routeFor('GET', '/enterprises/91360728MA35L0AA1X')?.path).toBe('/enterprises/{uscc}');
    expect(routeFor('GET', '/policies?keyword=x')?.path).toBe('/policies');
    expect(routeFor('PATCH', '/policies')).toBeUndefined();
  });

  it('passes an answer the contract declares', () => {
    expect(() => checkAnswer('GET', '/announcements', json(200, { items: [] }))).not.toThrow();
    expect(() =>
      checkAnswer('GET', '/tasks', json(403, { error: { code: 'FORBIDDEN', message: '无权限' } })),
    ).not.toThrow();
    expect(() => checkAnswer('GET', '/tasks', json(401, { message: 'Unauthorized' }))).not.toThrow();
  });

  it('fails a body the schema refuses, a status the route does not declare, and a refusal outside the envelope', () => {
    expect(() => checkAnswer('GET', '/announcements', json(200, { items: 'none' }))).toThrow(ContractBreach);
    expect(() => checkAnswer('GET', '/announcements', json(201, { items: [] }))).toThrow(/does not declare/);
    expect(() => checkAnswer('GET', '/tasks', json(400, { oops: true }))).toThrow(/outside the envelope/);
  });

  it('fails a download of another content type', () => {
    const answer = { status: 200, body: 'a,b', headers: new Headers({ 'content-type': 'text/plain' }) };
    expect(() => checkAnswer('GET', '/reconciliations/r-1/report.csv', answer)).toThrow(/text\/csv/);
  });
});
