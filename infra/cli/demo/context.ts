// What the demo's steps share: a token per actor, calls by route with their status checked, results of earlier steps.
import { type Answer, apiClient, pathOf, queryString } from '../../../shared/api/client.ts';
import type { ClientRequest, ClientResponse, RouteKey } from '../../../shared/api/contract.ts';
import { shanghaiDate, thisYear } from '../../../shared/dates.ts';
import type { Role } from '../../../shared/principal.ts';
import type { SheetEntry } from '../../../shared/whitelists/sheet.ts';
import type {
  BatchProgress,
  BudgetItem,
  Case,
  Department,
  ListedPayment,
  Policy,
  Reconciliation,
  Refusal,
  ReviewTask,
  RiskWarningItem,
  SettlementStatement,
  Stats,
} from './answers.ts';
import { check, DemoError } from './checks.ts';
import type { Applicant, DemoPolicy } from './fixtures.ts';
import { type RunIds, runIdsAt } from './run-ids.ts';
import type { SheetLine } from './spreadsheet.ts';

export interface Actor {
  role: Role;
  id: string;
  name: string;
}

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

/** A route's path parameters, query and body as the contract types them, who calls, and the status it must answer. */
export type RequestOptions<K extends RouteKey> = ClientRequest<K> & {
  as?: Actor;
  /** The status (or statuses) the platform must answer with. */
  status: number | number[];
};

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
  /** Calls a route and checks the status; the body is returned as the platform sent it, typed by the contract. */
  request<K extends RouteKey>(what: string, route: K, options: RequestOptions<K>): Promise<ClientResponse<K>>;

  // Filled in by the steps, in order.
  departments: Map<string, Department>;
  policies: Partial<Record<DemoPolicy, Policy>>;
  /** Each funded pool as the allocation left it. */
  pools: Map<string, BudgetItem>;
  whitelist?: {
    department: Actor;
    file: string;
    batchRef: string;
    batchId: string;
    rows: SheetEntry[];
    lines: SheetLine[];
    refused: Refusal[];
    progress?: BatchProgress;
    payments?: ListedPayment[];
  };
  instant?: {
    applicant: Registered;
    caseId: string;
    department: Actor;
    case?: Case;
    payment?: ListedPayment;
  };
  review?: { applicant: Registered; caseId: string; department: Actor; case?: Case };
  /** The payment the bank returned. */
  returned?: ListedPayment;
  reconciliation?: Reconciliation;
  warnings?: RiskWarningItem[];
  stats?: Stats;
  statement?: SettlementStatement;
  /** What the story leaves undone for the workbench, so every role signing in after it has work waiting. */
  workday?: Workday;
}

/** A case left with a reviewer, as the reviewer's list shows its task. */
export interface OpenReview {
  applicant: Registered;
  policy: Policy;
  department: Actor;
  caseId: string;
  task: ReviewTask;
  channel: 'online' | 'window';
  materials: number;
}

export interface Workday {
  /** The pools funded for the workday's items, as they stand at its end. */
  pools: { policy: Policy; pool: BudgetItem }[];
  /** Open review tasks at 县文广新旅局 and 县商务局. */
  reviews: OpenReview[];
  /** Returned for correction (补正), waiting on its enterprise. */
  returned: { applicant: Registered; policy: Policy; department: Actor; case: Case };
  /** The enterprise the credit agency lists, whose case waits for the agency's check. */
  listed: OpenReview;
  /** The whitelist push that paid one line and left the listed enterprise's line with the payer. */
  batch: { ref: string; id: string; department: Actor };
  held: ListedPayment;
  /** Settled, then sent back by the bank (退汇); finance finds it in the day's reconciliation. */
  lateReturn: ListedPayment;
  reconciliation: Reconciliation;
  /** The reconciliation's discrepancy over the late return, unless the platform took the return back first. */
  discrepancy?: Reconciliation['discrepancies'][number];
  draft: Policy;
}

export interface DemoStep {
  /** A short id, for callers that run part of the story. */
  name: string;
  /** The step's header, in Chinese with a short English gloss. */
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

/** One request may take this long; a platform that accepts a connection and never answers must not stall the demo. */
export const REQUEST_TIMEOUT_MS = 60_000;

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

export function createContext(options: DemoOptions): DemoContext {
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
  async function request<K extends RouteKey>(
    what: string,
    route: K,
    request: RequestOptions<K>,
  ): Promise<ClientResponse<K>> {
    const [method, template] = route.split(' ') as [string, string];
    const { path, query, body, as, status } = request as {
      path?: Record<string, string | number>;
      query?: Record<string, unknown>;
      body?: unknown;
      as?: Actor;
      status: number | number[];
    };
    const answer = await call(method, `${pathOf(template, path)}${queryString(query)}`, { as, body });
    const wanted = Array.isArray(status) ? status : [status];
    check(
      wanted.includes(answer.status),
      `${what}：平台答复 HTTP ${answer.status}，应为 ${wanted.join(' 或 ')}${errorText(answer.body)}`,
    );
    return answer.body as ClientResponse<K>;
  }
  return {
    api,
    log: options.log,
    run: runIdsAt(now),
    today: shanghaiDate(now),
    year: thisYear(now),
    timeoutMs: options.timeoutMs ?? 120_000,
    call,
    request,
    departments: new Map(),
    policies: {},
    pools: new Map(),
  };
}
