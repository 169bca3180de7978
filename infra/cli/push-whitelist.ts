// `npm run push-whitelist -- --file batch.xlsx --policy 360728-002 [--ref 批次号] [--period 2026]
//   [--api URL] [--token JWT | --department <departmentId>]`
// Pushes a department's whitelist spreadsheet to the platform, in batches of at most 2,000 lines, shows a progress
// bar until every line is paid, held, returned or failed, and prints the refused lines with their spreadsheet rows.
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { apiClient } from '../../shared/api/client.ts';
import type { ClientResponse } from '../../shared/api/contract.ts';
import { SheetError } from '../../shared/whitelists/sheet.ts';
import { MAX_BATCH_ENTRIES } from '../../shared/whitelists/whitelist.ts';
import { loadIssuer } from '../local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl, resolveDataDir } from '../local/issuer-config.ts';
import { platformUrl, portOf } from '../local/platform-address.ts';
import { readWhitelistSheet } from './whitelist-sheet.ts';

const USAGE =
  '用法：npm run push-whitelist -- --file 名单.xlsx --policy <政策事项编号> [--ref 批次号] [--period 2026] ' +
  '[--api http://localhost:3000] [--token <JWT> | --department <部门编号>]';
const WAIT_MS = 10 * 60_000;

class UsageError extends Error {}

type Progress = Pick<
  ClientResponse<'GET /whitelist-batches/{id}'>,
  'accepted' | 'paid' | 'held' | 'failed' | 'returned' | 'inProgress'
>;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      file: { type: 'string' },
      policy: { type: 'string' },
      ref: { type: 'string' },
      period: { type: 'string' },
      api: { type: 'string' },
      token: { type: 'string' },
      department: { type: 'string' },
      'no-wait': { type: 'boolean' },
    },
  });
  if (!values.file || !values.policy) throw new UsageError('缺少 --file 或 --policy');
  return {
    file: values.file,
    policy: values.policy,
    ref: values.ref ?? basename(values.file, extname(values.file)),
    period: values.period,
    api: (values.api ?? platformUrl()).replace(/\/$/, ''),
    token: values.token ?? process.env.HUIQI_TOKEN,
    department: values.department,
    wait: !values['no-wait'],
  };
}

/** A department token: given, or minted by the one-machine platform's own issuer for a local API. */
async function tokenFor(opts: ReturnType<typeof options>): Promise<string> {
  if (opts.token) return opts.token;
  if (!opts.department)
    throw new UsageError('需要 --token（或环境变量 HUIQI_TOKEN），本机平台可用 --department');
  const port = portOf(opts.api);
  const issuer = await loadIssuer({
    dataDir: resolveDataDir(),
    issuerUrl: localIssuerUrl(port),
    audience: LOCAL_AUDIENCE,
  });
  return issuer.mint({ role: 'department', sub: opts.department });
}

function bar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`;
}

async function main(): Promise<number> {
  const opts = options();
  const token = await tokenFor(opts);
  const rows = await readWhitelistSheet(opts.file);
  if (rows.length === 0) throw new SheetError('表格中没有数据行');
  const client = apiClient({ baseUrl: opts.api });
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field below
  const call = (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> =>
    client.send(method, path, { token, body });

  const parts = Math.ceil(rows.length / MAX_BATCH_ENTRIES);
  const batches: { id: string; accepted: number }[] = [];
  let refusedCount = 0;
  for (let part = 0; part < parts; part++) {
    const slice = rows.slice(part * MAX_BATCH_ENTRIES, (part + 1) * MAX_BATCH_ENTRIES);
    // Each part has its own reference, so pushing the same file again finds every part already taken.
    const batchRef = parts === 1 ? opts.ref : `${opts.ref}-${part + 1}`;
    const pushed = await call('POST', '/whitelist-batches', {
      policyId: opts.policy,
      batchRef,
      ...(opts.period ? { period: opts.period } : {}),
      entries: slice.map((row) => row.entry),
    });
    if (pushed.status !== 202) {
      const error = pushed.body?.error;
      process.stderr.write(
        `推送被拒绝（HTTP ${pushed.status}）：${error?.code ?? ''} ${error?.message ?? ''}\n`,
      );
      for (const field of error?.details?.fields ?? [])
        process.stderr.write(`  ${field.field}：${field.message}\n`);
      return 1;
    }
    batches.push({ id: pushed.body.id, accepted: pushed.body.accepted });
    process.stdout.write(
      `批次 ${batchRef} → ${pushed.body.id}：受理 ${pushed.body.accepted} 行，拒收 ${pushed.body.refused.length} 行\n`,
    );
    for (const refusal of pushed.body.refused as {
      line: number;
      code: string;
      message: string;
      field?: string;
    }[]) {
      const row = slice[refusal.line - 1]?.row;
      process.stdout.write(
        `  表格第 ${row} 行  ${refusal.code}  ${refusal.field ?? ''} ${refusal.message}\n`,
      );
      refusedCount++;
    }
  }
  const accepted = batches.reduce((sum, batch) => sum + batch.accepted, 0);
  if (!opts.wait || accepted === 0) return 0;

  const started = Date.now();
  let last: Progress[] = [];
  for (;;) {
    last = await Promise.all(
      batches.map(async (batch) => (await call('GET', `/whitelist-batches/${batch.id}`)).body as Progress),
    );
    const sum = (key: keyof Progress) => last.reduce((total, progress) => total + progress[key], 0);
    const done = accepted - sum('inProgress');
    const line = `${bar(done, accepted)}  已兑付 ${sum('paid')}  暂停 ${sum('held')}  退回 ${sum('returned')}  失败 ${sum('failed')}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    if (sum('inProgress') === 0) break;
    if (Date.now() - started > WAIT_MS) {
      process.stderr.write('\n等待超时，兑付仍在进行；可稍后查询批次进度\n');
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  process.stderr.write('\n');
  process.stdout.write(
    `完成：受理 ${accepted} 行，拒收 ${refusedCount} 行，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}。${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`推送失败：${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof SheetError ? 2 : 1;
  },
);
