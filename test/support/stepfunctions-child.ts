// An engine in a process of its own, so a test can SIGKILL it: starts one chain on the journal in argv and prints
// `TOKEN <token>` once the chain waits for the department's decision.
import { APPROVAL_ARN, chainEngine, chainScript } from './stepfunctions-chain.ts';

const [journalDir, caseId] = process.argv.slice(2);
if (!journalDir || !caseId) throw new Error('usage: stepfunctions-child <journalDir> <caseId>');

const script = chainScript();
const engine = chainEngine(journalDir, script);
await engine.startExecution({
  stateMachineArn: APPROVAL_ARN,
  name: caseId,
  input: JSON.stringify({ caseId }),
});
const announce = setInterval(() => {
  const opened = script.calls.find((call) => call.step === 'openTask');
  if (!opened) return;
  clearInterval(announce);
  process.stdout.write(`TOKEN ${String(opened.payload.taskToken)}\n`);
}, 5);
