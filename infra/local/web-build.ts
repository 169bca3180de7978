// Builds the web app for `npm start` when it is missing or older than its sources, so a warm start does not rebuild.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the app is built from: its own sources and the contract and client it calls the API through. */
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'shared'];

function newestChange(file: string): number {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(file).reduce(
    (newest, entry) => Math.max(newest, newestChange(path.join(file, entry))),
    0,
  );
}

/** Whether the built page is missing or older than any of its sources. */
export function webAppStale(repoRoot: string): boolean {
  const built = statSync(path.join(repoRoot, 'web/dist/index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  return SOURCES.some((source) => newestChange(path.join(repoRoot, source)) > built.mtimeMs);
}

/** Builds web/dist with Vite, quietly: its errors still show. */
export async function buildWebApp(repoRoot: string): Promise<void> {
  const { build } = await import('vite');
  // Under vitest NODE_ENV is `test`, and Vite would bake it into the bundle: React and Ant Design in their test modes,
  // where every generated id is the same "test-id" and a dialog is named by a select box. The page is built as shipped.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(repoRoot, 'web/vite.config.ts'), logLevel: 'error' });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}
