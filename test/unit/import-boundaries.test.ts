// The lint rule that keeps function folders as wiring: it must fail on a planted cross-function import and on shared/
// importing functions/, and pass the imports the project makes every day. Run on a copy of the configuration in a
// temporary folder, so the repository is never touched.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIOME = path.resolve('node_modules/.bin/biome');
const project = mkdtempSync(path.join(tmpdir(), 'huiqi-boundaries-'));
cpSync('biome.json', path.join(project, 'biome.json'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Lints one planted file; the exit code and what biome said. */
async function lint(file: string, source: string): Promise<{ failed: boolean; output: string }> {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), source);
  try {
    const { stdout, stderr } = await run(BIOME, ['lint', file], { cwd: project });
    return { failed: false, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { failed: true, output: stdout + stderr };
  }
}

describe('import boundaries', () => {
  it('refuses a function folder importing another function folder', async () => {
    const result = await lint(
      'functions/catalog/planted.ts',
      "import { intakeRoutes } from '../intake/routes.ts';\nexport const planted = intakeRoutes;\n",
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('noRestrictedImports');
  });

  it('refuses shared/ importing functions/', async () => {
    const result = await lint(
      'shared/cases/planted.ts',
      "import { intakeRoutes } from '../../functions/intake/routes.ts';\nexport const planted = intakeRoutes;\n",
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('noRestrictedImports');
  });

  it('lets a function folder import shared/ and its own files', async () => {
    const result = await lint(
      'functions/catalog/wiring.ts',
      "import { ok } from '../../shared/http.ts';\nimport { catalogRoutes } from './routes.ts';\n" +
        'export const wiring = [ok, catalogRoutes];\n',
    );
    expect(result.output).not.toContain('noRestrictedImports');
    expect(result.failed).toBe(false);
  });
});
