// Answers as API Gateway gives them: its own JSON refusals, and a function's result mapped onto the HTTP response.
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** A refusal API Gateway answers itself, before or instead of the function. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    // The rest of a request answered early would be read as the next one: the connection ends with the answer.
    ...(res.req.complete ? {} : { connection: 'close' }),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Headers that describe the local connection, not the function's payload; Node computes them itself. */
const CONNECTION_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

export function writeLambdaResult(res: ServerResponse, result: unknown, requestId: string): void {
  const base = { 'apigw-requestid': requestId };
  if (!isRecord(result) || result.statusCode === undefined) {
    const text = JSON.stringify(result) ?? '';
    res.writeHead(200, {
      ...base,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  const status = Number(result.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`函数返回了无效的 statusCode（invalid statusCode）：${String(result.statusCode)}`);
  }
  const headers: Record<string, string | string[]> = { ...base };
  if (isRecord(result.headers)) {
    for (const [name, value] of Object.entries(result.headers)) {
      const lower = name.toLowerCase();
      if (value === undefined || value === null || CONNECTION_HEADERS.has(lower)) continue;
      headers[lower] = String(value);
    }
  }
  if (Array.isArray(result.cookies) && result.cookies.length > 0) {
    headers['set-cookie'] = result.cookies.map((cookie) => String(cookie));
  }
  let body: Buffer;
  if (result.body === undefined || result.body === null) body = Buffer.alloc(0);
  else if (typeof result.body === 'string') {
    body = result.isBase64Encoded === true ? Buffer.from(result.body, 'base64') : Buffer.from(result.body);
  } else body = Buffer.from(JSON.stringify(result.body));
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(body);
}

/** How a request that never became an event is refused, by Node's error code. */
export const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
};

/** Answers on the bare connection (no request was read to answer through) and closes it. */
export function refuseOnSocket(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
