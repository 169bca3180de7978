// CDK entry: `-c region=cn-northwest-1` (or cn-north-1) gives the China-partition template; nothing else changes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../lib/app.ts';
import { DeploymentChoiceError } from '../lib/bank-choice.ts';
import { buildWebApp, webAppStale } from '../local/web-build.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The web bucket is filled from web/dist: built here when missing or older than its sources, as npm start does.
if (webAppStale(repoRoot)) await buildWebApp(repoRoot);
try {
  buildApp();
} catch (error) {
  // A deployment choice that cannot be built is told in one line, without the stack trace of the code that found it.
  if (!(error instanceof DeploymentChoiceError)) throw error;
  console.error(error.message);
  process.exit(1);
}
