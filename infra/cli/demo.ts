// `npm run demo [-- --api http://127.0.0.1:3000]`: tells the platform's story against a running `npm start`, step by
// step in Chinese — finance funds the pools, a department pushes its whitelist spreadsheet, enterprises apply, reviewers
// and an agency decide, the payer pays (and the bank returns one), finance reconciles the day; last, it leaves work open
// for every staff role and says whom to sign in as to find it. Every answer is checked, so the demo doubles as a smoke
// test: anything unexpected ends it with exit code 1 and a message saying what.
//
// The steps are a list (DEMO_STEPS, in demo/story.ts, one module a step under demo/steps/) sharing one context
// (demo/context.ts): a step reads what earlier steps left on the context and leaves its own results there, so the
// next part of the story is one more entry at the end of the list.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Role } from '../../shared/principal.ts';
import { loadIssuer } from '../local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl, resolveDataDir } from '../local/issuer-config.ts';
import { platformUrl, portOf } from '../local/platform-address.ts';
import { DemoError } from './demo/checks.ts';
import type { TokenFor } from './demo/context.ts';
import { DIVISION } from './demo/fixtures.ts';
import { runDemo } from './demo/story.ts';

export { check, DemoError } from './demo/checks.ts';
export type {
  Actor,
  DemoContext,
  DemoOptions,
  DemoStep,
  Registered,
  RequestOptions,
  TokenFor,
} from './demo/context.ts';
export { DEMO_POLICIES } from './demo/fixtures.ts';
export { demoUscc, type RunIds, runIdsAt } from './demo/run-ids.ts';
export { DEMO_STEPS, runDemo } from './demo/story.ts';
export { waitFor } from './demo/waiting.ts';

/** Staff act within a jurisdiction; department and agency ids carry theirs as a prefix. */
const STAFF_WITH_DIVISION: ReadonlySet<Role> = new Set(['window', 'payer', 'finance', 'admin']);

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { api: { type: 'string' } },
  });
  const api = (values.api ?? platformUrl()).replace(/\/$/, '');
  let port: number;
  try {
    port = portOf(api);
  } catch {
    throw new DemoError(`平台地址无效：${api}`);
  }
  // The one-machine platform trusts its own issuer, whose key lives in the data directory `npm start` uses.
  const issuer = await loadIssuer({
    dataDir: resolveDataDir(),
    issuerUrl: localIssuerUrl(port),
    audience: LOCAL_AUDIENCE,
  });
  const tokenFor: TokenFor = (role, subject) =>
    issuer.mint({ role, sub: subject, ...(STAFF_WITH_DIVISION.has(role) ? { division: DIVISION } : {}) });
  await runDemo({ api, tokenFor, log: (line) => process.stdout.write(`${line}\n`) });
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`\n演示失败：${message}\n`);
      // A DemoError says what went wrong in the story; anything else is a fault worth its stack.
      const fault = error instanceof DemoError ? error.cause : error;
      if (fault instanceof Error && !(fault instanceof DemoError) && fault.stack)
        process.stderr.write(`${fault.stack}\n`);
      process.exitCode = 1;
    },
  );
}
