// Boots the whole local platform from the synthesized assembly for integration tests, on free ports and a temp dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadIssuer } from '../../infra/local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl } from '../../infra/local/issuer-config.ts';
import { type Platform, startPlatform } from '../../infra/local/platform.ts';
import type { Role } from '../../shared/principal.ts';

export interface TestPlatform {
  platform: Platform;
  dataDir: string;
  token(role: Role, subject?: string): Promise<string>;
  call(
    method: string,
    route: string,
    options?: { token?: string; body?: unknown },
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the tests assert on field by field
  ): Promise<{ status: number; body: any }>;
}

export async function bootPlatform(
  dataDir = mkdtempSync(path.join(tmpdir(), 'huiqi-it-')),
): Promise<TestPlatform> {
  const platform = await startPlatform({
    cdkOut: path.resolve('cdk.out'),
    stackName: 'Huiqi',
    dataDir,
    port: 0,
  });
  const port = Number(new URL(platform.url).port);
  const issuer = await loadIssuer({ dataDir, issuerUrl: localIssuerUrl(port), audience: LOCAL_AUDIENCE });
  return {
    platform,
    dataDir,
    token: (role, subject = role) => issuer.mint({ role, sub: subject }),
    async call(method, route, options = {}) {
      const response = await fetch(`${platform.url}${route}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body:
          options.body === undefined
            ? undefined
            : typeof options.body === 'string'
              ? options.body
              : JSON.stringify(options.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** Polls until the check passes or the time is up; the last failure is rethrown. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
