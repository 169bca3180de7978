// The local object storage's front: S3's CORS answers from the template's rules, every request passed on unchanged.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CorsRule,
  corsRuleFor,
  servedFrom,
  startObjectStorageFront,
} from '../../infra/local/object-storage.ts';

const UPLOADS: CorsRule = {
  AllowedMethods: ['PUT'],
  AllowedOrigins: ['https://*.example.gov.cn'],
  AllowedHeaders: ['content-type'],
  MaxAge: 600,
};

describe('choosing a CORS rule as S3 does', () => {
  it('matches the origin with one wildcard, the method and every requested header', () => {
    expect(corsRuleFor([UPLOADS], 'https://huiqi.example.gov.cn', 'PUT', ['content-type'])).toBe(UPLOADS);
    expect(corsRuleFor([UPLOADS], 'https://huiqi.example.com', 'PUT', ['content-type'])).toBeUndefined();
    expect(corsRuleFor([UPLOADS], 'https://huiqi.example.gov.cn', 'DELETE', [])).toBeUndefined();
    expect(corsRuleFor([UPLOADS], 'https://huiqi.example.gov.cn', 'PUT', ['x-amz-acl'])).toBeUndefined();
  });
});

describe('the rules served locally', () => {
  it('let the local web app in where the template names the deployed one, and nobody else', () => {
    const local = servedFrom({ materials: [UPLOADS] }, ['http://127.0.0.1:3000']).materials ?? [];
    expect(corsRuleFor(local, 'http://127.0.0.1:3000', 'PUT', ['content-type'])).toMatchObject({
      AllowedMethods: ['PUT'],
      AllowedHeaders: ['content-type'],
      MaxAge: 600,
    });
    expect(corsRuleFor(local, 'https://huiqi.example.gov.cn', 'PUT', ['content-type'])).toBeUndefined();
    expect(corsRuleFor(local, 'http://127.0.0.1:3001', 'PUT', ['content-type'])).toBeUndefined();
  });
});

describe('the front door', () => {
  let upstream: Server;
  const received: { method?: string; url?: string; body: string }[] = [];
  let endpoint: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, body });
        res.writeHead(200, { etag: '"1"' }).end();
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const front = await startObjectStorageFront({
      upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      cors: { materials: [UPLOADS] },
    });
    endpoint = front.endpoint;
    stop = front.stop;
  });

  afterAll(async () => {
    await stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('answers an allowed preflight itself and refuses another origin, as S3 does', async () => {
    const preflight = (origin: string) =>
      fetch(`${endpoint}/materials/a.pdf?X-Amz-Signature=x`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('https://huiqi.example.gov.cn');
    const refused = await preflight('https://elsewhere.example.com');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://huiqi.example.gov.cn');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    expect(refused.status).toBe(403);
    expect(received).toEqual([]);
  });

  it('passes the upload on with its path, query and body, and lets the allowed origin read the answer', async () => {
    const answer = await fetch(`${endpoint}/materials/a.pdf?X-Amz-Signature=x`, {
      method: 'PUT',
      headers: { origin: 'https://huiqi.example.gov.cn', 'content-type': 'application/pdf' },
      body: '%PDF-1.4',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://huiqi.example.gov.cn');
    expect(received).toEqual([
      { method: 'PUT', url: '/materials/a.pdf?X-Amz-Signature=x', body: '%PDF-1.4' },
    ]);
  });
});
