// `npm start`: synthesizes the CDK app and runs the template on this machine until Ctrl-C.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORT, resolveDataDir } from './issuer-config.ts';
import { type Platform, startPlatform } from './platform.ts';
import { recordAddress } from './platform-address.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function fail(message: string): never {
  process.stderr.write(`启动失败：${message}\n`);
  process.exit(1);
}

function preflight(port: number): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0)
    fail('未找到 Java 17+（DynamoDB Local 需要 Java）。请安装 JDK 17 或更高版本后重试');
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT=${process.env.PORT} 不是有效端口`);
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  preflight(port);
  if (!process.argv.includes('--no-synth')) {
    process.stdout.write('正在合成 CDK 模板（cdk synth）…\n');
    const synth = spawnSync('cdk', ['synth', '--quiet'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (synth.status !== 0) fail('cdk synth 失败，见上方输出');
  }
  const startedAt = Date.now();
  let platform: Platform | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n收到 ${signal}，正在停止…\n`);
    await platform?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    platform = await startPlatform({
      cdkOut: path.join(repoRoot, 'cdk.out'),
      stackName: 'Huiqi',
      dataDir: resolveDataDir(),
      port,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    fail((error as Error).message.split('\n')[0] ?? String(error));
  }
  if (stopping) return;
  recordAddress(resolveDataDir(), platform.url);
  const lines = [
    '',
    `惠企兑付 Huiqi 已就绪 (${((Date.now() - startedAt) / 1000).toFixed(1)} s): ${platform.url}`,
    ...platform.summary.map((line) => `  ${line}`),
    '',
    `  目录（无需登录）: curl ${platform.url}/policies`,
    '  取令牌: npm run --silent token -- enterprise <统一社会信用代码>   (角色: enterprise window department agency payer finance admin)',
    '  例: curl -H "Authorization: Bearer $(npm run --silent token -- department 360728-swj)" ' +
      `${platform.url}/tasks`,
    '  Ctrl-C 停止；数据保存在 .data/',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write('READY\n');
}

void main();
