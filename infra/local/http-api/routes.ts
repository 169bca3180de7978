// Route selection as API Gateway HTTP APIs do it: route keys with {param} and {greedy+}, most specific first, $default last.
import type { RouteSpec } from '../types.ts';

type SegmentPattern = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

export interface CompiledRoute {
  spec: RouteSpec;
  /** Undefined for $default. */
  method?: string;
  segments: SegmentPattern[];
  greedy?: string;
}

export interface RouteMatch {
  route: CompiledRoute;
  pathParameters: Record<string, string>;
}

export function compileRoute(spec: RouteSpec): CompiledRoute {
  if (spec.routeKey === '$default') return { spec, segments: [] };
  const match = /^([A-Z]+) (\/\S*)$/.exec(spec.routeKey);
  if (!match?.[1] || !match[2]) throw new Error(`无法识别的路由（unrecognised route key）：${spec.routeKey}`);
  const parts = match[2].split('/').slice(1);
  const segments: SegmentPattern[] = [];
  let greedy: string | undefined;
  parts.forEach((part, index) => {
    const variable = /^\{([^{}]+)\}$/.exec(part)?.[1];
    if (variable?.endsWith('+')) {
      if (index !== parts.length - 1)
        throw new Error(`{proxy+} 只能在末尾（greedy variable must be last）：${spec.routeKey}`);
      greedy = variable.slice(0, -1);
    } else if (variable !== undefined) {
      segments.push({ kind: 'param', name: variable });
    } else {
      segments.push({ kind: 'literal', value: part });
    }
  });
  // "/" alone splits into one empty literal; API Gateway's root route has no segments.
  if (segments.length === 1 && segments[0]?.kind === 'literal' && segments[0].value === '')
    segments.length = 0;
  return { spec, method: match[1], segments, greedy };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchRoute(route: CompiledRoute, method: string, segments: string[]): RouteMatch | undefined {
  if (route.method === undefined) return undefined;
  if (route.method !== 'ANY' && route.method !== method) return undefined;
  const fixed = route.segments.length;
  if (route.greedy === undefined ? segments.length !== fixed : segments.length <= fixed) return undefined;
  const pathParameters: Record<string, string> = {};
  for (let i = 0; i < fixed; i++) {
    const pattern = route.segments[i];
    const actual = decodeSegment(segments[i] ?? '');
    if (!pattern) return undefined;
    if (pattern.kind === 'literal') {
      if (pattern.value !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      pathParameters[pattern.name] = actual;
    }
  }
  if (route.greedy !== undefined) {
    const rest = segments.slice(fixed).map(decodeSegment).join('/');
    if (rest === '') return undefined;
    pathParameters[route.greedy] = rest;
  }
  return { route, pathParameters };
}

/** Negative when a is more specific: non-greedy first, then literal segments before variables, then a named method before ANY. */
function compareSpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const greedy = Number(a.greedy !== undefined) - Number(b.greedy !== undefined);
  if (greedy !== 0) return greedy;
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const rank = Number(a.segments[i]?.kind === 'param') - Number(b.segments[i]?.kind === 'param');
    if (rank !== 0) return rank;
  }
  // Among greedy routes the longer fixed prefix is the closer match.
  if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
}

export function selectRoute(
  routes: CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const segments = rawPath === '/' ? [] : rawPath.split('/').slice(1);
  let best: RouteMatch | undefined;
  for (const route of routes) {
    const match = matchRoute(route, method, segments);
    if (match && (!best || compareSpecificity(match.route, best.route) < 0)) best = match;
  }
  if (best) return best;
  const fallback = routes.find((route) => route.method === undefined);
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}
