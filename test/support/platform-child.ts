// The platform in a process of its own, driven over stdin, so a test can kill its whole process group as a power cut
// would. Lines in: {"id","op":"invoke","name","event"}, {"id","op":"advanceClock","ms"} or {"id","op":"queueDepth",
// "name"}; lines out: READY <url>, then RESULT <json> per request. Standard input closing stops the platform gracefully.
import { createInterface } from 'node:readline';
import { startPlatform } from '../../infra/local/platform.ts';
import { CDK_OUT } from './cloud-assembly.ts';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) throw new Error('usage: platform-child <dataDir> <port>');

const platform = await startPlatform({ cdkOut: CDK_OUT, stackName: 'Huiqi', dataDir, port: Number(port) });
const functionNamed = (prefix: string) => {
  const found = platform.assembly.functions.find((f) => f.name.startsWith(prefix));
  if (!found) throw new Error(`no function ${prefix}* in the assembly`);
  return found.name;
};

const queueNamed = (prefix: string) => {
  const found = platform.assembly.mappings.find((m) => m.queueName.startsWith(prefix));
  if (!found) throw new Error(`no queue ${prefix}* with a consumer in the assembly`);
  return found.queueName;
};

async function answer(line: string): Promise<unknown> {
  const request = JSON.parse(line) as { op: string; name?: string; event?: unknown; ms?: number };
  if (request.op === 'invoke') return platform.invoke(functionNamed(request.name ?? ''), request.event ?? {});
  if (request.op === 'advanceClock') return platform.advanceClock(request.ms ?? 0);
  if (request.op === 'queueDepth') return platform.queueDepthOf(queueNamed(request.name ?? ''));
  throw new Error(`unknown op ${request.op}`);
}

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const { id } = JSON.parse(line) as { id: number };
  answer(line).then(
    (result) => process.stdout.write(`RESULT ${JSON.stringify({ id, result: result ?? null })}\n`),
    (error: unknown) => process.stdout.write(`RESULT ${JSON.stringify({ id, error: String(error) })}\n`),
  );
});
input.on('close', () => {
  void platform.stop().then(() => process.exit(0));
});
process.stdout.write(`READY ${platform.url}\n`);
