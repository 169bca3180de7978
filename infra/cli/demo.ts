// `npm run demo [-- --api http://127.0.0.1:3000]`: tells the platform's story against a running `npm start`, step by
// step in Chinese — finance funds the pools, a department pushes its whitelist spreadsheet, enterprises apply, reviewers
// and an agency decide, the payer pays (and the bank returns one), finance reconciles the day. Every answer is checked,
// so the demo doubles as a smoke test: anything unexpected ends it with exit code 1 and a message saying what.
//
// The steps are a list (DEMO_STEPS) sharing one context: a step reads what earlier steps left on the context and
// leaves its own results there, so the next part of the story is one more entry at the end of the list.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { type Answer, apiClient } from '../../shared/api/client.ts';
import type { ClientResponse } from '../../shared/api/contract.ts';
import type { Case, CaseStatus, Decision, Notice, ReviewTask, TaskStep } from '../../shared/cases/types.ts';
import { DINGNAN_DIVISION_CODE } from '../../shared/catalog/dingnan.ts';
import { type AmountRule, capOf, type Department, guide, type Policy } from '../../shared/catalog/types.ts';
import { shanghaiDate, thisYear } from '../../shared/dates.ts';
import type { Material } from '../../shared/materials/materials.ts';
import { yuan } from '../../shared/money.ts';
import type { Payment, PaymentStatus } from '../../shared/payments/payments.ts';
import type { Role } from '../../shared/principal.ts';
import { DISCREPANCY_NAMES, type Reconciliation } from '../../shared/reconciliations/reconciliation.ts';
import { usccCheckCharacter } from '../../shared/uscc.ts';
import type { Refusal } from '../../shared/whitelists/whitelist.ts';
import { loadIssuer } from '../local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl, resolveDataDir } from '../local/issuer-config.ts';
import { platformUrl, portOf } from '../local/platform-address.ts';
import { HEADERS, readWhitelistSheet, type SheetEntry } from './whitelist-sheet.ts';

// What the platform answers, as the contract declares it.
type Allocation = ClientResponse<'POST /budgets/allocations'>;
type BudgetItem = ClientResponse<'GET /budgets'>['items'][number];
type BatchProgress = ClientResponse<'GET /whitelist-batches/{id}'>;
type RiskWarningItem = ClientResponse<'GET /risk-warnings'>['items'][number];
type Stats = ClientResponse<'GET /stats'>;
type SettlementStatement = ClientResponse<'GET /settlements/{year}'>;

// ───────────────────────────── the cast ─────────────────────────────

const DIVISION = DINGNAN_DIVISION_CODE;

/** The catalog items the story uses: an `auto` item for the whitelist, an `instant` and a `review` one to apply for. */
export const DEMO_POLICIES = {
  whitelist: `${DIVISION}-002`, // 工业企业电价补贴 · 县工信局 · 免申即享
  instant: `${DIVISION}-019`, // 发明、实用新型专利授权奖励 · 县市监局 · 即申即享
  review: `${DIVISION}-045`, // 重大招商引资项目奖励 · 县商务局 · 承诺兑现
} as const;

export interface Actor {
  role: Role;
  id: string;
  name: string;
}

/** Staff outside the catalog's departments; ids follow the README's conventions, names are for the reader. */
const FINANCE: Actor = { role: 'finance', id: 'finance-dingnan', name: '县财政局' };
const PAYER: Actor = { role: 'payer', id: 'payer-dingnan', name: '县行政审批局（资金池兑付）' };
const WINDOW: Actor = { role: 'window', id: 'window-01', name: '县政务服务中心惠企政策兑现专窗' };
const CREDIT_AGENCY: Actor = { role: 'agency', id: `${DIVISION}-credit`, name: '县发展改革委（失信名单）' };

/** How each line of the department's spreadsheet is meant to fare; the platform's answer is checked against it. */
type LineFate = 'paid' | 'returned' | 'USCC_CHECK_CHARACTER' | 'ACCOUNT_NAME_MISMATCH' | 'AMOUNT_OVER_CAP';

interface WhitelistLine {
  name: string;
  bankName: string;
  /** Planned amount; kept under the policy's cap, except on the line meant to exceed it. */
  amountFen: number;
  fate: LineFate;
}

/** 县工信局's list for the electricity subsidy: three good lines and three the push must refuse, by line. */
const WHITELIST_LINES: WhitelistLine[] = [
  { name: '定南县赣鑫稀土新材料有限公司', bankName: '中国银行定南支行', amountFen: 1_280_000, fate: 'paid' },
  {
    name: '定南县富田陶瓷有限公司',
    bankName: '中国农业银行定南县支行',
    amountFen: 640_000,
    fate: 'USCC_CHECK_CHARACTER',
  },
  {
    name: '江西定南联创电子科技有限公司',
    bankName: '中国工商银行定南支行',
    amountFen: 865_050,
    fate: 'paid',
  },
  {
    name: '定南县九曲河纺织有限公司',
    bankName: '江西定南农村商业银行',
    amountFen: 520_000,
    fate: 'ACCOUNT_NAME_MISMATCH',
  },
  {
    name: '定南县岭北脐橙食品有限公司',
    bankName: '中国邮政储蓄银行定南县支行',
    amountFen: 320_000,
    fate: 'returned',
  },
  { name: '定南县恒达机械制造有限公司', bankName: '赣州银行定南支行', amountFen: 0, fate: 'AMOUNT_OVER_CAP' },
];

/** The account name on the mismatching line: a sister company's account, the commonest slip in such lists. */
const MISMATCHED_ACCOUNT_NAME = '定南县九曲河贸易有限公司';

/** The electricity subsidy's standard when the guide has none yet (the seed leaves amounts to the department). */
const ELECTRICITY_RULE: AmountRule = { kind: 'per_unit', unitName: '千瓦时', unitFen: 3, capFen: 5_000_000 };

interface Applicant {
  name: string;
  legalRepresentative: string;
  bankName: string;
  industry: string;
  size: 'large' | 'medium' | 'small' | 'micro';
  registeredOn: string;
  tags: string[];
  requestedFen: number;
}

const INSTANT_APPLICANT: Applicant = {
  name: '定南县鑫晟磁材科技有限公司',
  legalRepresentative: '刘建华',
  bankName: '江西定南农村商业银行',
  industry: 'C',
  size: 'small',
  registeredOn: '2015-08-12',
  tags: ['高新技术企业', '入规'],
  requestedFen: 2_000_000,
};

const REVIEW_APPLICANT: Applicant = {
  name: '定南县华宇电子信息产业有限公司',
  legalRepresentative: '陈志远',
  bankName: '中国建设银行定南支行',
  industry: 'C',
  size: 'medium',
  registeredOn: '2023-03-06',
  tags: ['电子信息'],
  requestedFen: 50_000_000,
};

/** Pools finance funds this run, per policy: enough for what the story pays, as a budget would be. */
const ALLOCATIONS: { policy: keyof typeof DEMO_POLICIES; amountFen: number }[] = [
  { policy: 'whitelist', amountFen: 20_000_000 },
  { policy: 'instant', amountFen: 10_000_000 },
  { policy: 'review', amountFen: 100_000_000 },
];

const BLACKLIST_REASON = '曾被列入失信被执行人名单（2024 年合同纠纷案，判决已履行）';
const CLEARANCE_REASON = '经核查，该企业已全部履行生效判决，失信信息已完成信用修复，同意继续办理';
const REJECTION = {
  reason: '项目实际完成固定资产投资 6800 万元，未达到重大招商引资项目的认定标准',
  explanation:
    '重大招商引资项目奖励适用于实际投资达到认定标准的新引进项目；项目投资达标后，可凭验收材料再次申请。',
};

// ───────────────────────────── labels ─────────────────────────────

const CASE_LABELS: Record<CaseStatus, string> = {
  submitted: '已提交',
  in_review: '审核中',
  returned: '退回补正',
  announced: '公示中',
  approved: '已批准',
  rejected: '不予通过',
  withdrawn: '已撤回',
  sent_to_payer: '已推送兑付',
  paid: '已兑付',
  payment_returned: '银行退回',
  payment_rejected: '拒付',
};
const PAYMENT_LABELS: Record<PaymentStatus, string> = {
  reserved: '已预留资金',
  held: '暂停待核',
  instructed: '已发银行',
  paid: '已到账',
  returned: '银行退回',
  rejected: '已拒付',
  failed: '失败',
};
const STEP_LABELS: Record<TaskStep, string> = {
  initial_review: '初审',
  substantive_review: '实质审查（现场核查）',
  department_decision: '部门决定',
  joint_review: '联合审核',
  objection: '异议核查',
};
const OUTCOME_LABELS: Record<Decision['outcome'], string> = {
  approve: '通过',
  reject: '不予通过',
  return: '退回补正',
};
const MODE_LABELS: Record<string, string> = { auto: '免申即享', instant: '即申即享', review: '承诺兑现' };

const money = (fen: number) => `${yuan(fen)} 元`;
const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const clock = (iso: string) => CLOCK.format(new Date(iso));

// ───────────────────────────── context ─────────────────────────────

/** Mints a token for a role and subject; staff tokens carry the jurisdiction. */
export type TokenFor = (role: Role, subject: string) => Promise<string>;

export interface DemoOptions {
  /** The platform's base URL, e.g. http://127.0.0.1:3000. */
  api: string;
  tokenFor: TokenFor;
  log: (line: string) => void;
  /** The longest any single wait may take (default 120 s). */
  timeoutMs?: number;
  /** The steps to run, DEMO_STEPS unless a caller wants a part of the story. */
  steps?: DemoStep[];
  /** The run's instant, from which its unique ids come (now unless given). */
  now?: Date;
}

/** What makes this run's enterprises, accounts and references its own, so the demo can run again on the same data. */
export interface RunIds {
  /** Human-readable, in references and file names: 20260612-1530457 (Beijing time, to a tenth of a second). */
  label: string;
  /** Six USCC characters for this run's enterprises. */
  code: string;
  /** Nine digits for this run's bank accounts. */
  digits: string;
}

export interface RequestOptions {
  as?: Actor;
  body?: unknown;
  /** The status (or statuses) the platform must answer with. */
  status: number | number[];
}

export interface Registered {
  actor: Actor;
  profile: Applicant;
  accountNo: string;
}

export interface DemoContext {
  api: string;
  log: (line: string) => void;
  run: RunIds;
  /** Today in Asia/Shanghai, and its year: pools, claim periods and reconciliation are counted so. */
  today: string;
  year: number;
  timeoutMs: number;
  /** Calls the API, with a token for `as`; translates an unreachable platform or a refused token into a clear error. */
  call(method: string, path: string, options?: { as?: Actor; body?: unknown }): Promise<Answer>;
  /** Calls and checks the status; the body is returned as the platform sent it. */
  request<T>(what: string, method: string, path: string, options: RequestOptions): Promise<T>;

  // Filled in by the steps, in order.
  departments: Map<string, Department>;
  policies: Partial<Record<keyof typeof DEMO_POLICIES, Policy>>;
  /** Each funded pool as the allocation left it. */
  pools: Map<string, BudgetItem>;
  whitelist?: {
    department: Actor;
    file: string;
    batchRef: string;
    batchId: string;
    rows: SheetEntry[];
    lines: (WhitelistLine & { uscc: string; accountNo: string; accountName: string })[];
    refused: Refusal[];
    progress?: BatchProgress;
    payments?: (Payment & { id: string })[];
  };
  instant?: { applicant: Registered; caseId: string; department: Actor; case?: Case; payment?: Payment };
  review?: { applicant: Registered; caseId: string; department: Actor; case?: Case };
  /** The payment the bank returned. */
  returned?: Payment & { id: string };
  reconciliation?: Reconciliation;
  warnings?: RiskWarningItem[];
  stats?: Stats;
  statement?: SettlementStatement;
}

export class DemoError extends Error {}

export interface DemoStep {
  /** A short id, for callers that run part of the story. */
  name: string;
  /** The step's header, in Chinese with a short English gloss. */
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function runIdsAt(now: Date): RunIds {
  const tenths = Math.floor(now.getTime() / 100);
  let code = '';
  for (let rest = tenths % 31 ** 6, i = 0; i < 6; i++, rest = Math.floor(rest / 31))
    code = `${USCC_ALPHABET[rest % 31]}${code}`;
  const time = clock(now.toISOString()).replaceAll(':', '');
  return {
    label: `${shanghaiDate(now).replaceAll('-', '')}-${time}${tenths % 10}`,
    code,
    digits: String(tenths % 1_000_000_000).padStart(9, '0'),
  };
}

/** A valid USCC of this run: Dingnan's prefix, the run's code and a serial, then the GB 32100 check character. */
export function demoUscc(run: RunIds, serial: number): string {
  const body = `91${DIVISION}MA${run.code}${USCC_ALPHABET[serial % 31]}`;
  const checkCharacter = usccCheckCharacter(body);
  if (!checkCharacter) throw new DemoError(`无法生成统一社会信用代码：${body}`);
  return `${body}${checkCharacter}`;
}

/** A 19-digit account of this run; the simulated bank returns transfers to accounts ending 4040 (销户). */
function demoAccount(run: RunIds, serial: number, returned = false): string {
  return `6217${run.digits}${String(serial).padStart(2, '0')}${returned ? '4040' : '0001'}`;
}

function errorText(body: unknown): string {
  const error = (body as { error?: { code?: string; message?: string; details?: { fields?: unknown } } })
    ?.error;
  if (!error) return typeof body === 'string' && body ? `（${body.slice(0, 200)}）` : '';
  const fields = Array.isArray(error.details?.fields)
    ? (error.details.fields as { field?: string; message?: string }[])
        .map((field) => `${field.field}：${field.message}`)
        .join('；')
    : '';
  return `（${error.code ?? ''} ${error.message ?? ''}${fields ? `；${fields}` : ''}）`;
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoError(message);
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DemoError(`缺少前面步骤的结果：${what}`);
  return value;
}

/** One request may take this long; a platform that accepts a connection and never answers must not stall the demo. */
const REQUEST_TIMEOUT_MS = 60_000;

function createContext(options: DemoOptions): DemoContext {
  const api = options.api.replace(/\/$/, '');
  const now = options.now ?? new Date();
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (actor: Actor) => {
    const key = `${actor.role}:${actor.id}`;
    let token = tokens.get(key);
    if (!token) {
      token = options.tokenFor(actor.role, actor.id);
      tokens.set(key, token);
    }
    return token;
  };
  const client = apiClient({ baseUrl: api, timeoutMs: REQUEST_TIMEOUT_MS });
  const call: DemoContext['call'] = async (method, path, { as, body } = {}) => {
    let answer: Answer;
    try {
      answer = await client.send(method, path, { token: as ? await tokenOf(as) : undefined, body });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        throw new DemoError(`平台 ${REQUEST_TIMEOUT_MS / 1000} 秒内没有答复：${method} ${path}`);
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new DemoError(
        `无法连接平台 ${api}（${cause}）。请先在另一个终端运行 npm start，或用 --api / HUIQI_API 指定平台地址`,
      );
    }
    if (answer.status === 401 && as) {
      throw new DemoError(
        `平台拒绝了本机签发的令牌（HTTP 401，${method} ${path}）。演示须与 npm start 使用同一数据目录（HUIQI_DATA_DIR）和端口（PORT）`,
      );
    }
    return answer;
  };
  return {
    api,
    log: options.log,
    run: runIdsAt(now),
    today: shanghaiDate(now),
    year: thisYear(now),
    timeoutMs: options.timeoutMs ?? 120_000,
    call,
    async request<T>(what: string, method: string, path: string, request: RequestOptions): Promise<T> {
      const answer = await call(method, path, request);
      const wanted = Array.isArray(request.status) ? request.status : [request.status];
      check(
        wanted.includes(answer.status),
        `${what}：平台答复 HTTP ${answer.status}，应为 ${wanted.join(' 或 ')}${errorText(answer.body)}`,
      );
      return answer.body as T;
    },
    departments: new Map(),
    policies: {},
    pools: new Map(),
  };
}

// ───────────────────────────── waiting ─────────────────────────────

const PROGRESS_EVERY_MS = 10_000;
const POLL_MS = 500;

/**
 * Polls until `probe` yields a value, printing the state whenever it changes (and every ten seconds), and gives up
 * after the context's timeout with the last state seen. A probe throws to stop at once on a state that cannot lead on.
 */
export async function waitFor<T>(
  ctx: DemoContext,
  what: string,
  probe: () => Promise<{ value?: T; state: string }>,
): Promise<T> {
  const started = Date.now();
  let shown = '';
  let shownAt = started;
  for (;;) {
    const { value, state } = await probe();
    if (value !== undefined) return value;
    const now = Date.now();
    if (state !== shown || now - shownAt >= PROGRESS_EVERY_MS) {
      ctx.log(`      … ${what}：${state}（已等 ${((now - started) / 1000).toFixed(0)} 秒）`);
      shown = state;
      shownAt = now;
    }
    check(
      now - started < ctx.timeoutMs,
      `等待${what}超时（${ctx.timeoutMs / 1000} 秒），最后状态：${state}。平台日志在 .data/logs/`,
    );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits for the open task of `step` on the case in the assignee's list. */
async function openTask(ctx: DemoContext, assignee: Actor, caseId: string, step: TaskStep) {
  return waitFor(ctx, `${assignee.name}的${STEP_LABELS[step]}任务`, async () => {
    const tasks = await ctx.request<{ items: ReviewTask[] }>(`${assignee.name}查看待办`, 'GET', '/tasks', {
      as: assignee,
      status: 200,
    });
    const task = tasks.items.find((each) => each.caseId === caseId && each.step === step);
    return { value: task, state: '任务尚未生成' };
  });
}

/** Waits until the case is `wanted`; a status outside `via` on the way means the story went wrong. */
async function caseReaches(
  ctx: DemoContext,
  reader: Actor,
  caseId: string,
  wanted: CaseStatus,
  via: CaseStatus[],
): Promise<Case> {
  return waitFor(ctx, `办件${CASE_LABELS[wanted]}`, async () => {
    const record = await ctx.request<Case>(`${reader.name}查询办件`, 'GET', `/applications/${caseId}`, {
      as: reader,
      status: 200,
    });
    check(
      record.status === wanted || via.includes(record.status),
      `办件 ${caseId} 变为「${CASE_LABELS[record.status]}」，应为「${CASE_LABELS[wanted]}」${record.decisionReason ? `：${record.decisionReason}` : ''}`,
    );
    return { value: record.status === wanted ? record : undefined, state: CASE_LABELS[record.status] };
  });
}

async function decide(
  ctx: DemoContext,
  assignee: Actor,
  task: ReviewTask,
  body: Pick<Decision, 'outcome' | 'amountFen' | 'reason' | 'explanation'>,
) {
  const decided = await ctx.request<ReviewTask>(
    `${assignee.name}作出${STEP_LABELS[task.step]}决定`,
    'POST',
    `/tasks/${task.id}/decision`,
    { as: assignee, body, status: 200 },
  );
  const recorded = decided.decision;
  check(
    decided.status === 'decided' &&
      recorded?.outcome === body.outcome &&
      recorded.amountFen === body.amountFen,
    `${STEP_LABELS[task.step]}任务 ${task.id} 未记录决定：${JSON.stringify(decided)}`,
  );
  ctx.log(
    `  ${assignee.name}${STEP_LABELS[task.step]}：${OUTCOME_LABELS[recorded.outcome]}${recorded.amountFen === undefined ? '' : `，核定 ${money(recorded.amountFen)}`}${recorded.reason ? `——${recorded.reason}` : ''}（${recorded.decidedBy}，${clock(recorded.decidedAt)}）`,
  );
  return decided;
}

function logTimeline(ctx: DemoContext, record: Case) {
  for (const entry of record.timeline)
    ctx.log(
      `      ${clock(entry.at)}  ${CASE_LABELS[entry.status].padEnd(6, '　')} ${entry.by}${entry.note ? `  ${entry.note}` : ''}`,
    );
}

function logPayment(ctx: DemoContext, payment: Payment) {
  const warnings = payment.warnings.length
    ? payment.warnings
        .map((w) => `${w.colour === 'red' ? '红色' : '黄色'}预警 ${w.rule}：${w.detail}`)
        .join('；')
    : '无风险预警';
  ctx.log(
    `    ${payment.enterpriseName}  ${money(payment.amountFen)}  账号 ${payment.bankAccount.accountNo}  → ${PAYMENT_LABELS[payment.status]}${payment.reason ? `（${payment.reason}）` : ''}  ${warnings}`,
  );
}

// ───────────────────────────── helpers the steps share ─────────────────────────────

const departmentOf = (ctx: DemoContext, policy: Policy): Actor => ({
  role: 'department',
  id: policy.departmentId,
  name: ctx.departments.get(policy.departmentId)?.name ?? policy.departmentName,
});

/** An amount no larger than the policy's cap, if its guide has one (a department may have set it since the seed). */
const withinCap = (policy: Policy, fen: number) =>
  policy.amountRule ? Math.min(fen, capOf(policy.amountRule)) : fen;

const describePolicy = (ctx: DemoContext, policy: Policy) =>
  `「${policy.name}」（${policy.id}，${ctx.departments.get(policy.departmentId)?.name ?? policy.departmentName}，${MODE_LABELS[policy.mode] ?? policy.mode}）`;

/** The enterprise confirms its own profile and bank account (PUT /enterprises/me), as every applicant must. */
async function register(ctx: DemoContext, profile: Applicant, serial: number): Promise<Registered> {
  const uscc = demoUscc(ctx.run, serial);
  const actor: Actor = { role: 'enterprise', id: uscc, name: profile.name };
  const accountNo = demoAccount(ctx.run, serial);
  const saved = await ctx.request<{ uscc: string; bankAccount: { accountNo: string } }>(
    `${profile.name}登记企业信息`,
    'PUT',
    '/enterprises/me',
    {
      as: actor,
      body: {
        name: profile.name,
        legalRepresentative: profile.legalRepresentative,
        bankAccount: { bankName: profile.bankName, accountNo, accountName: profile.name },
        tags: profile.tags,
        industry: profile.industry,
        size: profile.size,
        registeredOn: profile.registeredOn,
        divisionCode: DIVISION,
      },
      status: 200,
    },
  );
  check(
    saved.uscc === uscc && saved.bankAccount.accountNo === accountNo,
    `${profile.name}的登记信息与提交的不一致`,
  );
  ctx.log(`  ${profile.name}（${uscc}）登记企业信息，确认收款账户 ${profile.bankName} ${accountNo}`);
  return { actor, profile, accountNo };
}

/** Registers each material the guide requires and uploads a file for it through the presigned URL. */
async function uploadMaterials(
  ctx: DemoContext,
  uploader: Actor,
  enterprise: Registered,
  policy: Policy,
): Promise<string[]> {
  const ids: string[] = [];
  for (const wanted of policy.materials.filter((each) => each.required)) {
    const file = Buffer.from(
      `%PDF-1.4\n% ${enterprise.profile.name} ${wanted.name}（演示扫描件）\n%%EOF\n`,
      'utf8',
    );
    const material = await ctx.request<
      Material & { upload: { url: string; headers: Record<string, string> } }
    >(`登记材料「${wanted.name}」`, 'POST', '/materials', {
      as: uploader,
      body: {
        fileName: `${wanted.name}.pdf`,
        contentType: 'application/pdf',
        sizeBytes: file.length,
        materialName: wanted.name,
        ...(uploader.role === 'window' ? { onBehalfOf: enterprise.actor.id } : {}),
      },
      status: 201,
    });
    check(
      material.uscc === enterprise.actor.id,
      `材料「${wanted.name}」未登记在 ${enterprise.actor.id} 名下`,
    );
    const put = await fetch(material.upload.url, {
      method: 'PUT',
      headers: material.upload.headers,
      body: file,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    check(put.ok, `上传材料「${wanted.name}」失败：HTTP ${put.status}`);
    ids.push(material.id);
  }
  ctx.log(
    `  ${uploader.name}上传申请材料 ${ids.length} 份：${policy.materials
      .filter((each) => each.required)
      .map((each) => each.name)
      .join('、')}`,
  );
  return ids;
}

// ───────────────────────────── the steps ─────────────────────────────

const catalogStep: DemoStep = {
  name: 'catalog',
  title: '一网查询：政策目录（Catalog）',
  async run(ctx) {
    const departments = await ctx.request<{ items: Department[] }>('查询主管部门', 'GET', '/departments', {
      status: 200,
    });
    for (const department of departments.items) ctx.departments.set(department.id, department);
    const listed: Policy[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Policy[]; nextCursor: string | null } = await ctx.request(
        '查询政策目录',
        'GET',
        `/policies?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { status: 200 },
      );
      listed.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const byMode = (mode: string) => listed.filter((policy) => policy.mode === mode).length;
    ctx.log(
      `  定南县惠企政策目录共 ${listed.length} 项：免申即享 ${byMode('auto')} 项、即申即享 ${byMode('instant')} 项、承诺兑现 ${byMode('review')} 项，主管部门 ${departments.items.length} 个`,
    );
    for (const [key, id] of Object.entries(DEMO_POLICIES) as [keyof typeof DEMO_POLICIES, string][]) {
      const policy = await ctx.request<Policy>(`查询政策事项 ${id}`, 'GET', `/policies/${id}`, {
        status: 200,
      });
      const wantedMode = { whitelist: 'auto', instant: 'instant', review: 'review' }[key];
      check(
        policy.mode === wantedMode && policy.status === 'published',
        `政策事项 ${id} 为 ${policy.mode}/${policy.status}，演示需要已发布的 ${wantedMode} 事项`,
      );
      // The seed never overwrites an item, so data kept from a version before guides existed has items without one.
      check(
        Array.isArray(policy.materials) &&
          policy.timeLimits !== undefined &&
          policy.eligibility !== undefined,
        `政策事项 ${id} 没有办事指南（申请材料、办理时限、享受条件）。平台数据可能来自更早的版本，目录种子不会覆盖已有事项：` +
          '可删除 .data/ 后重新 npm start，或用 HUIQI_DATA_DIR 指定新的数据目录（演示与 npm start 须使用同一目录）',
      );
      check(
        ctx.departments.has(policy.departmentId),
        `政策事项 ${id} 的主管部门 ${policy.departmentId} 不在部门列表中`,
      );
      ctx.policies[key] = policy;
      ctx.log(`  本次演示：${describePolicy(ctx, policy)}`);
    }
  },
};

const budgetStep: DemoStep = {
  name: 'budgets',
  title: '财政预拨资金池（Budget allocation）',
  async run(ctx) {
    for (const { policy: key, amountFen } of ALLOCATIONS) {
      const policy = need(ctx.policies[key], `政策事项 ${DEMO_POLICIES[key]}`);
      const ref = `CZ-${ctx.run.label}-${policy.seq}`;
      const allocation = await ctx.request<Allocation>(
        `${FINANCE.name}拨付资金池`,
        'POST',
        '/budgets/allocations',
        {
          as: FINANCE,
          body: { policyId: policy.id, year: ctx.year, amountFen, ref },
          status: 201,
        },
      );
      check(
        allocation.repeated === false &&
          allocation.amountFen === amountFen &&
          allocation.pool.policyId === policy.id &&
          allocation.pool.fundedFen >= amountFen,
        `拨款 ${ref} 的答复不对：${JSON.stringify(allocation)}`,
      );
      ctx.pools.set(policy.id, allocation.pool);
      ctx.log(
        `  ${FINANCE.name}向「${policy.name}」${ctx.year} 年资金池拨付 ${money(allocation.amountFen)}（指标文号 ${allocation.ref}）`,
      );
      ctx.log(
        `    资金池：累计拨付 ${money(allocation.pool.fundedFen)}，可用 ${money(allocation.pool.availableFen)}，已兑付 ${money(allocation.pool.paidFen)}`,
      );
    }
  },
};

const whitelistStep: DemoStep = {
  name: 'whitelist',
  title: '部门推送免申即享白名单表格（Whitelist spreadsheet）',
  async run(ctx) {
    let policy = need(ctx.policies.whitelist, '免申即享政策事项');
    const department = departmentOf(ctx, policy);
    // The seed leaves amounts to the owning department; without a standard there is no cap to refuse a line over.
    if (!policy.amountRule) {
      const fields = Object.keys(guide.shape) as (keyof typeof guide.shape)[];
      const body = Object.fromEntries(
        fields.filter((f) => policy[f] !== undefined).map((f) => [f, policy[f]]),
      );
      policy = await ctx.request<Policy>(`${department.name}补充兑付标准`, 'PUT', `/policies/${policy.id}`, {
        as: department,
        body: { ...body, amountRule: ELECTRICITY_RULE },
        status: 200,
      });
      check(policy.amountRule !== undefined, `${policy.id} 的新版本没有兑付标准`);
      ctx.policies.whitelist = policy;
      ctx.log(`  ${department.name}在办事指南中补充兑付标准，形成第 ${policy.version} 版`);
    }
    const rule = need(policy.amountRule, '兑付标准');
    const cap = capOf(rule);
    ctx.log(
      `  兑付标准：${rule.kind === 'per_unit' ? `每${rule.unitName} ${yuan(rule.unitFen)} 元，` : ''}单户上限 ${money(cap)}`,
    );

    const lines = WHITELIST_LINES.map((line, index) => {
      const valid = demoUscc(ctx.run, index + 1);
      const next = USCC_ALPHABET[(USCC_ALPHABET.indexOf(valid.slice(-1)) + 1) % 31];
      return {
        ...line,
        uscc: line.fate === 'USCC_CHECK_CHARACTER' ? `${valid.slice(0, 17)}${next}` : valid,
        accountNo: demoAccount(ctx.run, index + 1, line.fate === 'returned'),
        accountName: line.fate === 'ACCOUNT_NAME_MISMATCH' ? MISMATCHED_ACCOUNT_NAME : line.name,
        amountFen: line.fate === 'AMOUNT_OVER_CAP' ? cap + 100_000 : Math.min(line.amountFen, cap),
      };
    });

    // The spreadsheet as the department keeps it, under the headers the push-whitelist tool reads.
    const batchRef = `电价补贴-${ctx.run.label}`;
    const file = join(await mkdtemp(join(tmpdir(), 'huiqi-demo-')), `${batchRef}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('白名单');
    sheet.addRow([
      HEADERS.uscc[0],
      HEADERS.enterpriseName[0],
      HEADERS.bankName[0],
      HEADERS.accountNo[0],
      HEADERS.accountName[0],
      '金额（元）',
    ]);
    // Every cell is text: a 19-digit account number stored as a number would lose its last digits.
    for (const line of lines)
      sheet.addRow([
        line.uscc,
        line.name,
        line.bankName,
        line.accountNo,
        line.accountName,
        yuan(line.amountFen),
      ]);
    await workbook.xlsx.writeFile(file);
    ctx.log(`  ${department.name}整理白名单表格：${file}（${lines.length} 行）`);

    const rows = await readWhitelistSheet(file);
    check(rows.length === lines.length, `表格读出 ${rows.length} 行，写入的是 ${lines.length} 行`);
    for (const row of rows)
      ctx.log(
        `    表格第 ${row.row} 行  ${row.entry.uscc}  ${row.entry.enterpriseName}  ${row.entry.accountNo}  ${money(Number(row.entry.amountFen))}`,
      );

    const pushed = await ctx.request<{ id: string; accepted: number; refused: Refusal[] }>(
      `${department.name}推送白名单`,
      'POST',
      '/whitelist-batches',
      {
        as: department,
        body: { policyId: policy.id, batchRef, entries: rows.map((row) => row.entry) },
        status: 202,
      },
    );
    const expectedRefusals = lines.flatMap((line, index) =>
      line.fate === 'paid' || line.fate === 'returned' ? [] : [{ line: index + 1, code: line.fate }],
    );
    ctx.log(
      `  推送批次 ${batchRef} → 批次号 ${pushed.id}：受理 ${pushed.accepted} 行，拒收 ${pushed.refused.length} 行`,
    );
    for (const refusal of pushed.refused)
      ctx.log(
        `    ✗ 表格第 ${rows[refusal.line - 1]?.row ?? '?'} 行（第 ${refusal.line} 条）${refusal.code}${refusal.field ? ` [${refusal.field}]` : ''}：${refusal.message}`,
      );
    check(
      pushed.accepted === lines.length - expectedRefusals.length &&
        JSON.stringify(pushed.refused.map((r) => ({ line: r.line, code: r.code }))) ===
          JSON.stringify(expectedRefusals),
      `白名单拒收的行不对：应拒收 ${JSON.stringify(expectedRefusals)}，平台答复 ${JSON.stringify(pushed.refused)}`,
    );
    ctx.whitelist = { department, file, batchRef, batchId: pushed.id, rows, lines, refused: pushed.refused };
  },
};

const applicationStep: DemoStep = {
  name: 'applications',
  title: '企业申报：即申即享网上申请、承诺兑现专窗代办（Applications）',
  async run(ctx) {
    const instantPolicy = need(ctx.policies.instant, '即申即享政策事项');
    const reviewPolicy = need(ctx.policies.review, '承诺兑现政策事项');

    // Background: the credit agency's list already names the first applicant, which joint review will find.
    const applicant = await register(ctx, INSTANT_APPLICANT, 10);
    const listed = await ctx.request<{ uscc: string; agencyId: string; reason: string }>(
      `${CREDIT_AGENCY.name}登记名单`,
      'PUT',
      `/blacklist/${applicant.actor.id}`,
      {
        as: CREDIT_AGENCY,
        body: { reason: BLACKLIST_REASON, listedUntil: `${ctx.year}-12-31` },
        status: 200,
      },
    );
    check(listed.agencyId === CREDIT_AGENCY.id, `名单记录的联审部门为 ${listed.agencyId}`);
    ctx.log(`    （背景）${CREDIT_AGENCY.name}名单中有该企业：${listed.reason}`);

    const materials = await uploadMaterials(ctx, applicant.actor, applicant, instantPolicy);
    const filed = await ctx.request<Case>(`${applicant.profile.name}网上申请`, 'POST', '/applications', {
      as: applicant.actor,
      body: {
        policyId: instantPolicy.id,
        requestedAmountFen: withinCap(instantPolicy, applicant.profile.requestedFen),
        materialIds: materials,
      },
      status: 201,
    });
    check(
      filed.policyId === instantPolicy.id &&
        filed.channel === 'online' &&
        filed.materialIds?.length === materials.length,
      `即申即享办件的答复不对：${JSON.stringify(filed)}`,
    );
    ctx.log(
      `  ${applicant.profile.name}网上申请${describePolicy(ctx, instantPolicy)}，申请 ${money(filed.requestedAmountFen ?? 0)} → 办件 ${filed.id}（${CASE_LABELS[filed.status]}）`,
    );
    ctx.instant = { applicant, caseId: filed.id, department: departmentOf(ctx, instantPolicy) };

    // The reviewed item is taken at the window: staff file for the enterprise, which confirmed its own account.
    const client = await register(ctx, REVIEW_APPLICANT, 11);
    const windowMaterials = await uploadMaterials(ctx, WINDOW, client, reviewPolicy);
    const atWindow = await ctx.request<Case>(`${WINDOW.name}代办申请`, 'POST', '/applications', {
      as: WINDOW,
      body: {
        policyId: reviewPolicy.id,
        onBehalfOf: client.actor.id,
        requestedAmountFen: withinCap(reviewPolicy, client.profile.requestedFen),
        materialIds: windowMaterials,
      },
      status: 201,
    });
    check(
      atWindow.uscc === client.actor.id && atWindow.channel === 'window' && atWindow.filedBy === WINDOW.id,
      `专窗代办办件的答复不对：${JSON.stringify(atWindow)}`,
    );
    ctx.log(
      `  ${WINDOW.name}代${client.profile.name}申请${describePolicy(ctx, reviewPolicy)}，申请 ${money(atWindow.requestedAmountFen ?? 0)} → 办件 ${atWindow.id}（${CASE_LABELS[atWindow.status]}）`,
    );
    ctx.review = { applicant: client, caseId: atWindow.id, department: departmentOf(ctx, reviewPolicy) };
  },
};

const reviewStep: DemoStep = {
  name: 'review',
  title: '部门审核：初审、现场核查、决定（Department review）',
  async run(ctx) {
    const review = need(ctx.review, '承诺兑现办件');
    const { department, caseId } = review;
    const initial = await openTask(ctx, department, caseId, 'initial_review');
    ctx.log(`  ${department.name}收到初审任务 ${initial.id}，办理时限至 ${initial.dueDate}`);
    await decide(ctx, department, initial, { outcome: 'approve', reason: '材料齐全，符合受理条件' });
    const inspection = await openTask(ctx, department, caseId, 'substantive_review');
    ctx.log(`  ${department.name}收到实质审查任务 ${inspection.id}，办理时限至 ${inspection.dueDate}`);
    await decide(ctx, department, inspection, {
      outcome: 'approve',
      reason: '现场核查：项目已投产，核实固定资产投资 6800 万元',
    });
    const decision = await openTask(ctx, department, caseId, 'department_decision');
    await decide(ctx, department, decision, { outcome: 'reject', ...REJECTION });

    const rejected = await caseReaches(ctx, WINDOW, caseId, 'rejected', ['submitted', 'in_review']);
    check(
      rejected.decisionReason === REJECTION.reason && rejected.decisionExplanation === REJECTION.explanation,
      `办件 ${caseId} 记录的不予通过理由不对：${rejected.decisionReason} / ${rejected.decisionExplanation}`,
    );
    ctx.log(`  办件 ${caseId}：${CASE_LABELS[rejected.status]}`);
    ctx.log(`    理由：${rejected.decisionReason}`);
    ctx.log(`    政策解释：${rejected.decisionExplanation}`);
    logTimeline(ctx, rejected);
    const inbox = await ctx.request<{ items: Notice[] }>('企业查看通知', 'GET', '/notifications', {
      as: review.applicant.actor,
      status: 200,
    });
    const notice = inbox.items.find((each) => each.caseId === caseId && each.kind === 'rejected');
    check(notice, `${review.applicant.profile.name}没有收到不予通过的通知`);
    ctx.log(`  ${review.applicant.profile.name}收到通知「${notice.title}」：${notice.message}`);
    review.case = rejected;
  },
};

const jointReviewStep: DemoStep = {
  name: 'joint-review',
  title: '联合审核：联审部门核查名单命中，主管部门核定金额（Joint review）',
  async run(ctx) {
    const instant = need(ctx.instant, '即申即享办件');
    const { caseId, department, applicant } = instant;
    // 即申即享 screens before the department decides: the case waits for the agency first.
    const screened = await waitFor(ctx, '联合审核筛查', async () => {
      const record = await ctx.request<Case>('企业查询办件', 'GET', `/applications/${caseId}`, {
        as: applicant.actor,
        status: 200,
      });
      check(record.status === 'submitted' || record.status === 'in_review', `办件已变为 ${record.status}`);
      return { value: record.jointReview ? record : undefined, state: CASE_LABELS[record.status] };
    });
    const hit = screened.jointReview?.find((each) => each.agencyId === CREDIT_AGENCY.id);
    check(
      hit && !hit.outcome,
      `联合审核没有发现 ${CREDIT_AGENCY.id} 的名单命中：${JSON.stringify(screened.jointReview)}`,
    );
    ctx.log(`  联合审核命中 ${hit.agencyId}（${CREDIT_AGENCY.name}）：${hit.reason}`);

    const task = await openTask(ctx, CREDIT_AGENCY, caseId, 'joint_review');
    const departmentTasks = await ctx.request<{ items: ReviewTask[] }>(
      `${department.name}查看待办`,
      'GET',
      '/tasks',
      {
        as: department,
        status: 200,
      },
    );
    check(
      !departmentTasks.items.some((each) => each.caseId === caseId),
      `联审未完成，${department.name}却已有该办件的任务`,
    );
    ctx.log(
      `  ${CREDIT_AGENCY.name}收到核查任务 ${task.id}，办理时限至 ${task.dueDate}；${department.name}暂无此件`,
    );
    await decide(ctx, CREDIT_AGENCY, task, { outcome: 'approve', reason: CLEARANCE_REASON });

    const decision = await openTask(ctx, department, caseId, 'department_decision');
    const policy = need(ctx.policies.instant, '即申即享政策事项');
    const approvedFen = withinCap(policy, applicant.profile.requestedFen);
    await decide(ctx, department, decision, {
      outcome: 'approve',
      amountFen: approvedFen,
      reason: '两件发明专利已授权，符合奖励条件',
    });

    const sent = await caseReaches(ctx, applicant.actor, caseId, 'sent_to_payer', ['submitted', 'in_review']);
    check(
      sent.approvedAmountFen === approvedFen,
      `办件核定金额为 ${sent.approvedAmountFen}，应为 ${approvedFen}`,
    );
    const cleared = sent.jointReview?.find((each) => each.agencyId === CREDIT_AGENCY.id);
    check(
      cleared?.outcome === 'cleared' && cleared.decidedBy === `agency:${CREDIT_AGENCY.id}`,
      `联合审核结论未记录：${JSON.stringify(sent.jointReview)}`,
    );
    ctx.log(`  办件 ${caseId}：${CASE_LABELS[sent.status]}，核定 ${money(sent.approvedAmountFen ?? 0)}`);
    logTimeline(ctx, sent);
    instant.case = sent;
  },
};

const paymentStep: DemoStep = {
  name: 'payments',
  title: '兑付到账与银行退回（Payments）',
  async run(ctx) {
    const whitelist = need(ctx.whitelist, '白名单批次');
    const instant = need(ctx.instant, '即申即享办件');
    const accepted = whitelist.lines.filter((line) => line.fate === 'paid' || line.fate === 'returned');

    const progress = await waitFor(ctx, '白名单兑付', async () => {
      const now = await ctx.request<BatchProgress>(
        '查询批次进度',
        'GET',
        `/whitelist-batches/${whitelist.batchId}`,
        { as: whitelist.department, status: 200 },
      );
      const done = now.queued === now.accepted && now.inProgress === 0;
      return {
        value: done ? now : undefined,
        state: `已排队 ${now.queued}/${now.accepted}，已到账 ${now.paid}，退回 ${now.returned}，暂停 ${now.held}，失败 ${now.failed}，处理中 ${now.inProgress}`,
      };
    });
    ctx.log(
      `  批次 ${whitelist.batchRef}：受理 ${progress.accepted}，拒收 ${progress.refused}，已到账 ${progress.paid}，银行退回 ${progress.returned}，暂停 ${progress.held}，失败 ${progress.failed}`,
    );
    const countOf = (fate: LineFate) => whitelist.lines.filter((line) => line.fate === fate).length;
    check(
      progress.accepted === accepted.length &&
        progress.refused === whitelist.refused.length &&
        progress.paid === countOf('paid') &&
        progress.returned === countOf('returned') &&
        progress.held + progress.failed + progress.rejected === 0,
      `批次进度不对：${JSON.stringify(progress)}`,
    );
    whitelist.progress = progress;

    const listed = await ctx.request<{ items: (Payment & { id: string })[] }>(
      `${PAYER.name}查询批次兑付`,
      'GET',
      `/payments?batchId=${whitelist.batchId}`,
      { as: PAYER, status: 200 },
    );
    check(
      listed.items.length === accepted.length,
      `批次有 ${listed.items.length} 笔兑付，应为 ${accepted.length}`,
    );
    ctx.log(`  ${PAYER.name}的兑付记录：`);
    for (const line of accepted) {
      const payment = listed.items.find((each) => each.uscc === line.uscc);
      check(payment, `${line.name}没有兑付记录`);
      check(
        payment.status === line.fate && payment.amountFen === line.amountFen,
        `${line.name}的兑付为 ${payment.status} ${payment.amountFen} 分，应为 ${line.fate} ${line.amountFen} 分`,
      );
      logPayment(ctx, payment);
      if (payment.status === 'returned') {
        check(payment.reason, `银行退回的兑付 ${payment.id} 没有退回原因`);
        ctx.returned = payment;
      }
    }
    whitelist.payments = listed.items;

    const returned = need(ctx.returned, '银行退回的兑付');
    const returnedInbox = await ctx.request<{ items: Notice[] }>('企业查看通知', 'GET', '/notifications', {
      as: { role: 'enterprise', id: returned.uscc, name: returned.enterpriseName },
      status: 200,
    });
    const returnNotice = returnedInbox.items.find((each) => each.paymentId === returned.id);
    check(returnNotice?.kind === 'payment_returned', `${returned.enterpriseName}没有收到银行退回的通知`);
    ctx.log(`  ${returned.enterpriseName}收到通知「${returnNotice.title}」：${returnNotice.message}`);

    const paid = await caseReaches(ctx, instant.applicant.actor, instant.caseId, 'paid', ['sent_to_payer']);
    const byCase = await ctx.request<{ items: (Payment & { id: string })[] }>(
      `${PAYER.name}查询办件兑付`,
      'GET',
      `/payments?caseId=${instant.caseId}`,
      { as: PAYER, status: 200 },
    );
    const casePayment = byCase.items[0];
    check(
      byCase.items.length === 1 &&
        casePayment?.status === 'paid' &&
        casePayment.amountFen === paid.approvedAmountFen &&
        casePayment.bankAccount.accountNo === instant.applicant.accountNo,
      `办件 ${instant.caseId} 的兑付记录不对：${JSON.stringify(byCase.items)}`,
    );
    // The agency cleared its hit in joint review, so the payer must not hold the payment for that listing again.
    check(
      !casePayment.warnings.some((warning) => warning.colour === 'red'),
      `已经联审核查通过的办件仍被红色预警：${JSON.stringify(casePayment.warnings)}`,
    );
    ctx.log(`  办件 ${instant.caseId}（${instant.applicant.profile.name}）${CASE_LABELS[paid.status]}：`);
    logPayment(ctx, casePayment);
    const inbox = await ctx.request<{ items: Notice[] }>('企业查看通知', 'GET', '/notifications', {
      as: instant.applicant.actor,
      status: 200,
    });
    const paidNotice = inbox.items.find((each) => each.caseId === instant.caseId && each.kind === 'paid');
    check(paidNotice, `${instant.applicant.profile.name}没有收到到账通知`);
    ctx.log(`  ${instant.applicant.profile.name}收到通知「${paidNotice.title}」：${paidNotice.message}`);
    instant.case = paid;
    instant.payment = casePayment;

    const pools = await ctx.request<{ items: BudgetItem[] }>(
      '查询资金池',
      'GET',
      `/budgets?year=${ctx.year}`,
      {
        as: FINANCE,
        status: 200,
      },
    );
    const paidHere = new Map<string, number>();
    for (const payment of [...listed.items, casePayment])
      if (payment.status === 'paid')
        paidHere.set(payment.policyId, (paidHere.get(payment.policyId) ?? 0) + payment.amountFen);
    ctx.log(`  资金池（${ctx.year} 年）：`);
    for (const [policyId, before] of ctx.pools) {
      const pool = pools.items.find((each) => each.policyId === policyId);
      check(pool, `资金池 ${policyId} 不在列表中`);
      check(
        pool.fundedFen === pool.availableFen + pool.reservedFen + pool.paidFen,
        `资金池 ${policyId} 不平：${JSON.stringify(pool)}`,
      );
      const paidNow = pool.paidFen - before.paidFen;
      check(
        paidNow === (paidHere.get(policyId) ?? 0),
        `资金池 ${policyId} 本次兑付 ${paidNow} 分，应为 ${paidHere.get(policyId) ?? 0} 分`,
      );
      ctx.log(
        `    ${policyId}：拨付 ${money(pool.fundedFen)}，已兑付 ${money(pool.paidFen)}（本次 ${money(paidNow)}），预留 ${money(pool.reservedFen)}，可用 ${money(pool.availableFen)}`,
      );
    }
  },
};

const reconciliationStep: DemoStep = {
  name: 'reconciliation',
  title: '财政对账（Reconciliation）',
  async run(ctx) {
    const whitelist = need(ctx.whitelist, '白名单批次');
    const instant = need(ctx.instant, '即申即享办件');
    const returned = need(ctx.returned, '银行退回的兑付');
    const ours = new Set([
      ...(whitelist.payments ?? []).map((payment) => payment.id),
      need(instant.payment, '办件兑付').paymentId,
    ]);
    const requested = await ctx.request<{ id: string }>(
      `${FINANCE.name}发起对账`,
      'POST',
      '/reconciliations',
      {
        as: FINANCE,
        body: { from: ctx.today, to: ctx.today },
        status: 202,
      },
    );
    ctx.log(`  ${FINANCE.name}发起 ${ctx.today} 的对账 → ${requested.id}`);
    const report = await waitFor(ctx, '对账完成', async () => {
      const now = await ctx.request<Reconciliation>('查询对账', 'GET', `/reconciliations/${requested.id}`, {
        as: FINANCE,
        status: 200,
      });
      check(now.status !== 'failed', `对账失败：${now.reason ?? '（无原因）'}`);
      return { value: now.status === 'done' ? now : undefined, state: now.status };
    });
    const checked = need(report.checked, '对账核对范围');
    ctx.log(
      `  核对台账兑付 ${checked.payments} 笔、银行流水 ${checked.statementLines} 行、资金池 ${checked.pools} 个；银行退回并已冲销 ${checked.returned} 笔；差异 ${report.discrepancies.length} 笔`,
    );
    check(
      checked.payments >= ours.size && checked.statementLines >= ours.size,
      `对账没有覆盖本次的 ${ours.size} 笔兑付：${JSON.stringify(checked)}`,
    );
    const mine = report.discrepancies.filter(
      (each) =>
        (each.paymentId !== undefined && ours.has(each.paymentId)) ||
        [...ctx.pools.keys()].some((policyId) => each.accountId === `pool:${policyId}:${ctx.year}`),
    );
    for (const each of report.discrepancies)
      ctx.log(
        `    ${mine.includes(each) ? '✗' : '·'} 差异 ${each.seq} ${DISCREPANCY_NAMES[each.type]}  ${each.paymentId ?? each.accountId ?? ''}：${each.detail}${each.resolution ? `（已处理：${each.resolution.note}）` : ''}`,
      );
    check(mine.length === 0, `本次演示的兑付或资金池出现 ${mine.length} 笔对账差异`);
    ctx.log(
      report.discrepancies.length === 0
        ? '  台账与银行流水逐笔相符，资金池收支平衡'
        : `  本次演示的兑付均相符；以上 ${report.discrepancies.length} 笔差异来自本平台此前的其他兑付`,
    );

    const returnedList = await ctx.request<{ items: (Payment & { id: string })[] }>(
      '查询银行退回的兑付',
      'GET',
      '/payments?status=returned&limit=50',
      { as: FINANCE, status: 200 },
    );
    const listedReturn = returnedList.items.find((each) => each.id === returned.id);
    check(listedReturn?.status === 'returned', `银行退回的兑付 ${returned.id} 不在退回列表中`);
    ctx.log(`  银行退回的兑付（已作废预留资金，不计为差异）：`);
    logPayment(ctx, listedReturn);
    ctx.reconciliation = report;
  },
};

const COLOUR_LABELS: Record<RiskWarningItem['colour'], string> = { red: '红', yellow: '黄', green: '绿' };

const riskStep: DemoStep = {
  name: 'risk-warnings',
  title: '风险预警：红黄绿三色（Risk warnings）',
  async run(ctx) {
    const instant = need(ctx.instant, '即申即享办件');
    const answer = await ctx.request<{ counts: Record<string, number>; items: RiskWarningItem[] }>(
      '查询风险预警',
      'GET',
      `/risk-warnings?from=${ctx.today}&to=${ctx.today}`,
      { as: PAYER, status: 200 },
    );
    ctx.log(
      `  今日预警：红色 ${answer.counts.red ?? 0} 条（暂停兑付，待行政审批局处理）、黄色 ${answer.counts.yellow ?? 0} 条（提示关注）、绿色 ${answer.counts.green ?? 0} 条（已核实排除）`,
    );
    const cleared = answer.items.find(
      (each) => each.caseId === instant.caseId && each.rule === 'blacklisted',
    );
    check(
      cleared?.colour === 'green',
      `联审部门已排除的名单命中应为绿色预警，实为 ${cleared?.colour ?? '无'}`,
    );
    const ours = answer.items.filter((each) => each.uscc === instant.applicant.actor.id);
    for (const each of ours) ctx.log(`    【${COLOUR_LABELS[each.colour]}】${each.rule}  ${each.detail}`);
    ctx.warnings = answer.items;
  },
};

const statsStep: DemoStep = {
  name: 'stats',
  title: '好差评与统计分析（Ratings and statistics）',
  async run(ctx) {
    const instant = need(ctx.instant, '即申即享办件');
    const review = need(ctx.review, '承诺兑现办件');
    const rate = async (who: Registered, caseId: string, score: number, comment: string) => {
      await ctx.request('企业评价', 'POST', `/applications/${caseId}/rating`, {
        as: who.actor,
        body: { score, comment },
        status: 201,
      });
      ctx.log(
        `  ${who.profile.name}评价办件 ${caseId}：${'★'.repeat(score)}${'☆'.repeat(5 - score)}「${comment}」`,
      );
    };
    await rate(instant.applicant, instant.caseId, 5, '申请当天资金到账，很方便');
    await rate(review.applicant, review.caseId, 3, '未通过，但理由和政策解释讲得清楚');

    const stats = await ctx.request<Stats>('查询统计分析', 'GET', `/stats?to=${ctx.today}`, {
      as: FINANCE,
      status: 200,
    });
    const share = stats.policies.noApplicationOrInstantShare ?? 0;
    ctx.log(
      `  ${stats.from} 至 ${stats.to}：政策 ${stats.policies.total} 项，免申即享 ${stats.policies.byMode.auto} 项、即申即享 ${stats.policies.byMode.instant} 项，占 ${(share * 100).toFixed(1)}%（目标 ≥ ${stats.policies.target * 100}%：${stats.policies.meetsTarget ? '达标' : '未达标'}）`,
    );
    ctx.log(
      `  全县：办件 ${stats.totals.cases.filed} 件，兑付到账 ${stats.totals.payouts.paid} 笔 ${money(stats.totals.payouts.paidFen)}，银行退回 ${stats.totals.payouts.returned} 笔，好差评 ${stats.totals.ratings.count} 条（平均 ${stats.totals.ratings.average ?? '—'} 分）`,
    );
    ctx.log('  各部门（平均兑付用时最长的在前）：');
    for (const department of stats.departments) {
      const days = department.daysToPayment;
      if (days.count === 0 && department.cases.filed === 0) continue;
      ctx.log(
        `    ${ctx.departments.get(department.departmentId)?.name ?? department.departmentName}：办件 ${department.cases.filed}（不予通过 ${department.cases.rejected}），到账 ${department.payouts.paid} 笔 ${money(department.payouts.paidFen)}，平均 ${days.average ?? '—'} 个工作日，按时率 ${days.onTimeRate === null ? '—' : `${(days.onTimeRate * 100).toFixed(0)}%`}，评价 ${department.ratings.average ?? '—'} 分`,
      );
    }
    const rated = stats.departments.find((each) => each.departmentId === instant.department.id);
    check((rated?.ratings.count ?? 0) > 0, `统计中没有 ${instant.department.name} 的好差评`);
    ctx.stats = stats;
  },
};

const settlementStep: DemoStep = {
  name: 'settlement',
  title: '年终据实清算（预览）（Settlement preview）',
  async run(ctx) {
    // Closing a pool is for good, and the demo runs again in the same year: it shows the statement finance settles
    // by, and leaves `POST /settlements` to finance at year end.
    const statement = await ctx.request<SettlementStatement>(
      '查询年度清算表',
      'GET',
      `/settlements/${ctx.year}`,
      {
        as: FINANCE,
        status: 200,
      },
    );
    for (const department of statement.departments) {
      const pools = department.pools.filter((pool) => ctx.pools.has(pool.policyId));
      for (const pool of pools)
        ctx.log(
          `  ${department.departmentName}「${pool.policyName}」：预拨 ${money(pool.allocatedFen)}，据实兑付 ${money(pool.paidFen)}，在途 ${money(pool.reservedFen)}，年终清算应退回财政 ${money(pool.availableFen)}（${pool.status === 'settled' ? '已清算' : '未清算'}）`,
        );
    }
    const totals = statement.totals;
    check(
      totals.allocatedFen === totals.paidFen + totals.reservedFen + totals.returnedFen + totals.availableFen,
      '清算表不平：预拨 ≠ 兑付 + 在途 + 退回 + 可用',
    );
    ctx.log(
      `  全县 ${statement.openPools + statement.settledPools} 个资金池：预拨 ${money(totals.allocatedFen)} = 据实兑付 ${money(totals.paidFen)} + 在途 ${money(totals.reservedFen)} + 已退回 ${money(totals.returnedFen)} + 结余 ${money(totals.availableFen)}`,
    );
    ctx.statement = statement;
  },
};

/** The story, in order; later parts are appended here. */
export const DEMO_STEPS: DemoStep[] = [
  catalogStep,
  budgetStep,
  whitelistStep,
  applicationStep,
  reviewStep,
  jointReviewStep,
  paymentStep,
  reconciliationStep,
  riskStep,
  statsStep,
  settlementStep,
];

// ───────────────────────────── running ─────────────────────────────

export async function runDemo(options: DemoOptions): Promise<DemoContext> {
  const ctx = createContext(options);
  const steps = options.steps ?? DEMO_STEPS;
  const started = Date.now();
  ctx.log('惠企兑付 Huiqi 全流程演示（demo）');
  ctx.log(`  平台：${ctx.api}`);
  ctx.log(
    `  日期：${ctx.today}（北京时间）  本次编号：${ctx.run.label}（企业、账号、批次和指标文号均为本次新建，可重复运行）`,
  );
  for (const [index, step] of steps.entries()) {
    ctx.log('');
    ctx.log(`━━ 第 ${index + 1}/${steps.length} 步　${step.title} ━━`);
    const stepStarted = Date.now();
    try {
      await step.run(ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DemoError(`第 ${index + 1} 步「${step.title}」未通过：${message}`, { cause: error });
    }
    ctx.log(`  ✓ 完成（${((Date.now() - stepStarted) / 1000).toFixed(1)} 秒）`);
  }
  ctx.log('');
  ctx.log(`演示完成：${steps.length} 步全部通过，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  return ctx;
}

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
