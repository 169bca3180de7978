// `npm start`: synthesizes the CDK app and runs the template on this machine until Ctrl-C.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORT, resolveDataDir } from './issuer-config.ts';
import { launchers, watchLifeline } from './lifeline.ts';
import type { Platform } from './platform.ts';
import { recordAddress } from './platform-address.ts';
import { buildWebApp, webAppStale } from './web-build.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Function settings `npm start` takes from its own environment, as an operator would set them on AWS; the bank ones
 * run the file exchange on one machine (`BANK_ADAPTER=file BANK_LAYOUT=icbc-batch-xlsx npm start`).
 */
const FUNCTION_SETTINGS = [
  'CATALOG_CACHE_SECONDS',
  'BANK_ADAPTER',
  'BANK_LAYOUT',
  'BANK_PAYER_ACCOUNTS',
  'BANK_CUT_OFFS',
];

function fail(message: string): never {
  process.stderr.write(`启动失败：${message}\n`);
  process.exit(1);
}

/** Whether something already listens on the port, found by trying to listen there ourselves. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

/** Everything that can stop a start is checked before the minute-long synth, cheapest first. */
async function preflight(port: number, dataDir: string): Promise<void> {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT=${process.env.PORT} 不是有效端口`);
  if (await portTaken(port)) {
    fail(`端口 ${port} 已被占用（可能平台已在运行）。请先停止占用它的程序，或用 PORT=其他端口 npm start`);
  }
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch {
    fail(`数据目录 ${dataDir} 不可写。请检查其权限，或用 HUIQI_DATA_DIR 指定另一目录`);
  }
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0)
    fail('未找到 Java 17+（DynamoDB Local 需要 Java）。请安装 JDK 17 或更高版本后重试');
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? DEFAULT_PORT);
  await preflight(port, resolveDataDir());
  if (!process.argv.includes('--no-synth')) {
    process.stdout.write('正在合成 CDK 模板（cdk synth）…\n');
    // The CLI's own chatter (feature-flag counts) is nothing a user can act on: shown only when the synth fails.
    const synth = spawnSync('cdk', ['synth', '--quiet'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (synth.status !== 0) {
      process.stderr.write(synth.stderr ?? '');
      fail('cdk synth 失败，见上方输出');
    }
  }
  if (webAppStale(repoRoot)) {
    process.stdout.write('正在构建网页版（vite build）…\n');
    await buildWebApp(repoRoot).catch((error: Error) => fail(`网页版构建失败：${error.message}`));
  }
  let platform: Platform | undefined;
  let stopping = false;
  const shutdown = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${why}，正在停止…\n`);
    await platform?.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void shutdown(`收到 ${signal}`));
  // Whichever of the platform's processes is stopped, all of it stops: the processes that launched this one
  // (`lifeline.ts`), and the database it cannot work without.
  watchLifeline(launchers(), (pid) => void shutdown(`启动平台的进程 ${pid} 已退出`));
  try {
    // Loaded only now: the engines' modules take seconds to load, and a refusal above should not wait for them.
    const { startPlatform } = await import('./platform.ts');
    platform = await startPlatform({
      cdkOut: path.join(repoRoot, 'cdk.out'),
      stackName: 'Huiqi',
      dataDir: resolveDataDir(),
      port,
      webAppDir: path.join(repoRoot, 'web/dist'),
      functionSettings: Object.fromEntries(
        FUNCTION_SETTINGS.flatMap((name) => {
          const value = process.env[name];
          return value === undefined ? [] : [[name, value]];
        }),
      ),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    fail((error as Error).message.split('\n')[0] ?? String(error));
  }
  if (stopping) return;
  void platform.databaseExited.then(() => shutdown('DynamoDB Local 已退出', 1));
  recordAddress(resolveDataDir(), platform.url);
  const lines = [
    '',
    `惠企兑付 Huiqi 已就绪 (${(process.uptime()).toFixed(1)} s，合成与启动合计): ${platform.url}`,
    ...platform.summary.map((line) => `  ${line}`),
    '',
    `  网页版: ${platform.url}/app/`,
    `  API 文档: ${platform.url}/docs`,
    `  目录（无需登录）: curl ${platform.url}/policies`,
    '  取令牌: npm run --silent token -- enterprise <统一社会信用代码>   (角色: enterprise window department agency payer finance admin)',
    '  例: curl -H "Authorization: Bearer $(npm run --silent token -- department 360728-swj)" ' +
      `${platform.url}/tasks`,
    `  Ctrl-C 停止；数据保存在 ${path.relative(process.cwd(), resolveDataDir()) || '.'}/`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write('READY\n');
}

void main();
