// The HTTP API's one declaration of each route — who may call it, what it takes, what it answers. The edge
// authorizes and validates from it, the stack wires it, the OpenAPI document and the typed client are derived from it.
import type * as z from 'zod';
import type { Role } from '../principal.ts';
import { auditRoutes } from './routes/audit.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { financeRoutes } from './routes/finance.ts';
import { fundPoolRoutes } from './routes/fund-pool.ts';
import { intakeRoutes } from './routes/intake.ts';
import { oversightRoutes } from './routes/oversight.ts';
import { reviewRoutes } from './routes/review.ts';

/** Folders under functions/ that serve HTTP routes. */
export type ApiFunction =
  | 'catalog'
  | 'enterprises'
  | 'intake'
  | 'review'
  | 'fund-pool'
  | 'finance'
  | 'oversight'
  | 'audit';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type SuccessStatus = 200 | 201 | 202;

/** A download: its content type; the body is the file, not JSON. */
export interface FileResponse {
  file: string;
}

/** One route as the contract declares it, under its route key ("GET /policies/{id}"). */
export interface RouteSpec {
  function: ApiFunction;
  summary: string;
  /** Who may call it; `public` routes need no token. */
  roles: readonly Role[] | 'public';
  /** Path parameters that must parse (a year, a USCC); without it they are strings the domain looks up. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A body larger than the platform's 1 MB the route takes (a bank's file, base64-encoded); Lambda's limit is 6 MB. */
  maxBodyBytes?: number;
  /** What each success status answers; a route answers 200 for a repeat of a write it answered 201 to first. */
  responses: Partial<Record<SuccessStatus, z.ZodType | FileResponse>>;
  /**
   * The answer is the same for everyone and rarely changes, so shared caches (CloudFront) may keep it for the seconds
   * its function is given. The edge honours it on public routes only: an answer to a token is never shared.
   */
  sharedCache?: true;
}

export const CONTRACT = {
  ...catalogRoutes,
  ...enterpriseRoutes,
  ...intakeRoutes,
  ...reviewRoutes,
  ...fundPoolRoutes,
  ...financeRoutes,
  ...oversightRoutes,
  ...auditRoutes,
} as const satisfies Record<`${Method} /${string}`, RouteSpec>;

export type Contract = typeof CONTRACT;
export type RouteKey = keyof Contract;

/** A route with its method and path spelt out, as the stack, the OpenAPI document and the tests walk them. */
export interface ApiRoute extends RouteSpec {
  method: Method;
  path: string;
  /** The status of a first success. */
  success: SuccessStatus;
}

const routeOf = (key: string, spec: RouteSpec): ApiRoute => {
  const [method, path] = key.split(' ') as [Method, string];
  const success = Number(Object.keys(spec.responses).sort().at(-1)) as SuccessStatus;
  return { ...spec, method, path, success };
};

export const API_ROUTES: ApiRoute[] = Object.entries(CONTRACT).map(([key, spec]) => routeOf(key, spec));

/** "GET /policies/{id}": the route key API Gateway and the handlers use. */
export const routeKeyOf = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

export const isFileResponse = (response: z.ZodType | FileResponse): response is FileResponse =>
  'file' in response && typeof response.file === 'string';

// What the edge hands a route function and what that function may answer, typed from the declaration.

type Spec<K extends RouteKey> = Contract[K];
type PathNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathNames<Rest>
  : never;
type Schema<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;
type Input<S, Fallback> = S extends z.ZodType ? z.input<S> : Fallback;
type Field<K extends RouteKey, F extends string> = F extends keyof Spec<K> ? Spec<K>[F] : undefined;

export type PathOf<K extends RouteKey> = Schema<Field<K, 'params'>, Record<PathNames<K>, string>>;
export type QueryOf<K extends RouteKey> = Schema<Field<K, 'query'>, Record<string, never>>;
export type BodyOf<K extends RouteKey> = Schema<Field<K, 'body'>, undefined>;

/** The caller's principal, and the path, query and body already checked against the declaration. */
export interface RouteRequest<K extends RouteKey, P> {
  principal: Spec<K>['roles'] extends 'public' ? undefined : P;
  path: PathOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
}

/** A file to download: text as is, bytes base64-encoded for API Gateway. */
export interface FileContent {
  name: string;
  contentType: string;
  content: string | Uint8Array;
}

type Responses<K extends RouteKey> = Spec<K>['responses'];
/** What a route function may answer: one of its declared statuses with a body of that status's schema. */
export type RouteReply<K extends RouteKey> = {
  [S in keyof Responses<K>]: Responses<K>[S] extends FileResponse
    ? { status: S; file: FileContent }
    : { status: S; body: Input<Responses<K>[S], never> };
}[keyof Responses<K>];

// What a client sends and receives, typed from the declaration.

/** The path parameters, query and body a client passes; absent parts may be left out. */
export type ClientRequest<K extends RouteKey> = (PathNames<K> extends never
  ? { path?: undefined }
  : { path: { [N in PathNames<K>]: string | number } }) &
  (Field<K, 'query'> extends z.ZodType ? { query?: z.input<Field<K, 'query'>> } : { query?: undefined }) &
  (Field<K, 'body'> extends z.ZodType ? { body: z.input<Field<K, 'body'>> } : { body?: undefined });

/** The body a client receives on success (a download arrives as text or bytes). */
export type ClientResponse<K extends RouteKey> = {
  [S in keyof Responses<K>]: Responses<K>[S] extends FileResponse
    ? string | Uint8Array
    : Schema<Responses<K>[S], never>;
}[keyof Responses<K>];
