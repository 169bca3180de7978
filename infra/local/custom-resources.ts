// Runs the template's custom resources the way CloudFormation does: Create once, Update when properties change.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomResourceSpec, Pseudo } from './assembly.ts';
import type { InvokeFunction } from './types.ts';

interface Reply {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId?: string;
}

interface Deployed {
  hash: string;
  physicalResourceId: string;
  properties: Record<string, unknown>;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Applies every custom resource whose properties changed since the last start (state kept in `stateFile`),
 * waiting for each function's reply on a local response URL. Rejects with the function's reason on failure.
 */
export async function applyCustomResources(options: {
  resources: CustomResourceSpec[];
  invoke: InvokeFunction;
  pseudo: Pseudo;
  stateFile: string;
  timeoutMs?: number;
}): Promise<{ applied: string[] }> {
  const state: Record<string, Deployed> = existsSync(options.stateFile)
    ? JSON.parse(readFileSync(options.stateFile, 'utf8'))
    : {};
  const waiting = new Map<string, (reply: Reply) => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestId = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      const deliver = waiting.get(requestId);
      res.writeHead(deliver && req.method === 'PUT' ? 200 : 404).end();
      if (deliver && req.method === 'PUT')
        deliver(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const applied: string[] = [];
  try {
    for (const resource of options.resources) {
      const hash = hashOf(resource.properties);
      const previous = state[resource.logicalId];
      if (previous?.hash === hash) continue;
      const requestId = randomUUID();
      const reply = new Promise<Reply>((resolve, reject) => {
        waiting.set(requestId, resolve);
        setTimeout(
          () => reject(new Error(`custom resource ${resource.logicalId} did not answer`)),
          options.timeoutMs ?? 300_000,
        ).unref();
      });
      const { region, accountId, partition, stackName } = options.pseudo;
      const event = {
        RequestType: previous ? 'Update' : 'Create',
        ServiceToken: resource.functionName,
        ResponseURL: `http://127.0.0.1:${port}/cfn-response/${requestId}`,
        StackId: `arn:${partition}:cloudformation:${region}:${accountId}:stack/${stackName}/local`,
        RequestId: requestId,
        ResourceType: resource.type,
        LogicalResourceId: resource.logicalId,
        ResourceProperties: { ServiceToken: resource.functionName, ...resource.properties },
        ...(previous
          ? { PhysicalResourceId: previous.physicalResourceId, OldResourceProperties: previous.properties }
          : {}),
      };
      // The function's own result is irrelevant: CloudFormation listens only to the PUT on the response URL.
      await options.invoke(resource.functionName, event);
      const answer = await reply;
      if (answer.Status !== 'SUCCESS') {
        throw new Error(
          `custom resource ${resource.logicalId} failed: ${answer.Reason ?? 'no reason given'}`,
        );
      }
      state[resource.logicalId] = {
        hash,
        physicalResourceId: answer.PhysicalResourceId ?? resource.logicalId,
        properties: resource.properties,
      };
      writeFileSync(options.stateFile, JSON.stringify(state, null, 2));
      applied.push(resource.logicalId);
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { applied };
}
