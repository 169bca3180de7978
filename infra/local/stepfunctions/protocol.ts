// The Step Functions JSON 1.0 protocol over the local engine, and the HTTP endpoint @aws-sdk/client-sfn talks to.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Stoppable } from '../types.ts';
import {
  type ExecutionStatus,
  type HistoryEvent,
  isRecord,
  type LocalStepFunctions,
  StepFunctionsError,
} from './model.ts';

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** AWS's JSON protocol carries timestamps as epoch seconds. */
function epochSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : date.getTime() / 1000;
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new StepFunctionsError(
      'ValidationException',
      `1 validation error detected: '${field}' must not be null`,
    );
  }
  return value;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

function page(body: Record<string, unknown>): { maxResults?: number; nextToken?: string } {
  const { maxResults, nextToken } = body;
  return {
    ...(typeof maxResults === 'number' ? { maxResults } : {}),
    ...(typeof nextToken === 'string' ? { nextToken } : {}),
  };
}

function statusFilter(body: Record<string, unknown>): ExecutionStatus | undefined {
  const value = body.statusFilter;
  if (value === undefined) return undefined;
  if (!STATUSES.includes(value as ExecutionStatus)) {
    throw new StepFunctionsError(
      'ValidationException',
      `1 validation error detected: 'statusFilter' must be one of ${STATUSES.join(', ')}`,
    );
  }
  return value as ExecutionStatus;
}

function withEpochDates<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, field instanceof Date ? epochSeconds(field) : field]),
  );
}

const historyOnTheWire = (event: HistoryEvent) => ({ ...event, timestamp: event.timestamp / 1000 });

async function answer(service: LocalStepFunctions, operation: string, body: Record<string, unknown>) {
  switch (operation) {
    case 'StartExecution':
      return withEpochDates(
        await service.startExecution({
          stateMachineArn: requireString(body, 'stateMachineArn'),
          name: optionalString(body, 'name'),
          input: optionalString(body, 'input'),
        }),
      );
    case 'DescribeExecution': {
      const described = await service.describeExecution(requireString(body, 'executionArn'));
      const redrivable = described.status !== 'RUNNING' && described.status !== 'SUCCEEDED';
      return {
        ...withEpochDates(described),
        redriveStatus: redrivable ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
        ...(redrivable ? {} : { redriveStatusReason: `Execution is ${described.status}` }),
      };
    }
    case 'ListExecutions': {
      const listed = await service.listExecutions({
        stateMachineArn: requireString(body, 'stateMachineArn'),
        statusFilter: statusFilter(body),
        ...page(body),
      });
      return { ...listed, executions: listed.executions.map(withEpochDates) };
    }
    case 'GetExecutionHistory': {
      const history = await service.getExecutionHistory({
        executionArn: requireString(body, 'executionArn'),
        reverseOrder: body.reverseOrder === true,
        includeExecutionData: body.includeExecutionData !== false,
        ...page(body),
      });
      return { ...history, events: history.events.map(historyOnTheWire) };
    }
    case 'SendTaskSuccess':
      await service.sendTaskSuccess(requireString(body, 'taskToken'), requireString(body, 'output'));
      return {};
    case 'SendTaskFailure':
      await service.sendTaskFailure(
        requireString(body, 'taskToken'),
        optionalString(body, 'error'),
        optionalString(body, 'cause'),
      );
      return {};
    case 'SendTaskHeartbeat':
      await service.sendTaskHeartbeat(requireString(body, 'taskToken'));
      return {};
    case 'StopExecution':
      return withEpochDates(
        await service.stopExecution(
          requireString(body, 'executionArn'),
          optionalString(body, 'error'),
          optionalString(body, 'cause'),
        ),
      );
    case 'RedriveExecution':
      return withEpochDates(await service.redriveExecution(requireString(body, 'executionArn')));
    default:
      return undefined;
  }
}

export async function handleJsonProtocol(
  service: LocalStepFunctions,
  target: string,
  rawBody: unknown,
): Promise<{ status: number; body: unknown }> {
  const body = isRecord(rawBody) ? rawBody : {};
  const operation = target.startsWith('AWSStepFunctions.')
    ? target.slice('AWSStepFunctions.'.length)
    : target;
  try {
    const result = await answer(service, operation, body);
    if (result === undefined) {
      return {
        status: 400,
        body: {
          __type: 'UnknownOperationException',
          message: `Operation ${target} is not supported locally`,
        },
      };
    }
    return { status: 200, body: result };
  } catch (error) {
    if (error instanceof StepFunctionsError) {
      return { status: error.status, body: { __type: error.code, message: error.message } };
    }
    return { status: 500, body: { __type: 'InternalFailure', message: String(error) } };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

/** Serves the SFN JSON 1.0 protocol on 127.0.0.1 so @aws-sdk/client-sfn can point its endpoint here. */
export async function startStepFunctionsEndpoint(
  service: LocalStepFunctions,
  options: { port?: number } = {},
): Promise<Stoppable & { endpoint: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || typeof target !== 'string') {
        reply(response, 400, {
          __type: 'UnknownOperationException',
          message: 'Expected a POST with X-Amz-Target',
        });
        return;
      }
      let body: unknown;
      try {
        const text = await readBody(request);
        body = text.length === 0 ? {} : JSON.parse(text);
      } catch {
        reply(response, 400, { __type: 'SerializationException', message: 'Request body is not JSON' });
        return;
      }
      const result = await service.handleJsonProtocol(target, body);
      reply(response, result.status, result.body);
    })().catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, { __type: 'InternalFailure', message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep connections alive; close() alone would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}
