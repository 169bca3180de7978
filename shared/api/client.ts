// The one HTTP client of the API, typed from the contract: the web app, the demo, the whitelist CLI and the tests all
// call through it. It imports the contract's types only, so a browser bundle carries no schemas and no AWS code.
import type { ClientRequest, ClientResponse, Method, RouteKey } from './contract.ts';

/** What the platform answered: JSON parsed, text (CSV) as text, anything else (XLSX) as bytes. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A field the platform refused, as the refusal envelope lists it. */
export interface RefusedField {
  field: string;
  code: string;
  message: string;
}

/** A refusal: the status, the stable code and the Chinese message the platform gave, and the fields it named. */
export class ApiError extends Error {
  readonly code: string;
  readonly fields: RefusedField[];
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const error = (
      body as { error?: { code?: string; message?: string; details?: { fields?: RefusedField[] } } }
    )?.error;
    // API Gateway answers a missing or expired token itself, with {"message":"Unauthorized"}.
    super(error?.message ?? (status === 401 ? '登录已失效，请重新登录' : `平台答复 HTTP ${status}`));
    this.name = 'ApiError';
    this.code = error?.code ?? (status === 401 ? 'UNAUTHORIZED' : `HTTP_${status}`);
    this.fields = error?.details?.fields ?? [];
  }
}

export interface SendOptions {
  token?: string | undefined;
  /** JSON-encoded unless already a string (a test sending malformed JSON sends text). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ClientOptions {
  /** The platform's address, e.g. http://127.0.0.1:3000; empty for the page's own origin. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** A platform that accepts a connection and never answers must not stall the caller. */
  timeoutMs?: number;
  /** Sees every answer: the tests check each against the contract. */
  onAnswer?: (method: string, path: string, answer: Answer) => void;
}

/** "/applications/{id}" with { id: "a b" } → "/applications/a%20b". */
export function pathOf(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** { keyword: '旅游', cursor: undefined } → "?keyword=%E6%97%85%E6%B8%B8"; absent values are left out. */
export function queryString(query: Record<string, unknown> | undefined): string {
  const pairs = Object.entries(query ?? {}).filter(([, value]) => value !== undefined && value !== null);
  return pairs.length === 0
    ? ''
    : `?${new URLSearchParams(pairs.map(([key, value]): [string, string] => [key, String(value)]))}`;
}

async function decode(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }
  if (type.startsWith('text/')) return response.text();
  return new Uint8Array(await response.arrayBuffer());
}

export function apiClient(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/$/, '');
  const fetchOf = options.fetch ?? fetch;

  /** Any request, answered whatever its status: for callers that look at refusals themselves. */
  async function send(method: string, path: string, request: SendOptions = {}): Promise<Answer> {
    const { token, body } = request;
    const response = await fetchOf(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
    });
    const answer = { status: response.status, body: await decode(response), headers: response.headers };
    options.onAnswer?.(method, path, answer);
    return answer;
  }

  /** A route by its key, with typed path, query and body; the declared success body, or an ApiError. */
  async function call<K extends RouteKey>(
    key: K,
    request: ClientRequest<K>,
    token?: string,
  ): Promise<ClientResponse<K>> {
    const [method, template] = key.split(' ') as [Method, string];
    const { path, query, body } = request as {
      path?: Record<string, string>;
      query?: object;
      body?: unknown;
    };
    const answer = await send(
      method,
      `${pathOf(template, path)}${queryString(query as Record<string, unknown>)}`,
      {
        token,
        body,
      },
    );
    if (answer.status < 200 || answer.status > 299) throw new ApiError(answer.status, answer.body);
    return answer.body as ClientResponse<K>;
  }

  return { baseUrl: base, send, call };
}

export type ApiClient = ReturnType<typeof apiClient>;
