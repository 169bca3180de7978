// Runs one function's bundle in its own worker thread, with the environment the template gives it.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { entryFile, handlerExport, functionName, functionArn, memoryMb, timeoutSeconds } = workerData;

const describe = (error) => ({
  errorType: error?.name ?? 'Error',
  errorMessage: error?.message ?? String(error),
});

let handler;
try {
  const module = await import(pathToFileURL(entryFile).href);
  handler = module[handlerExport];
  if (typeof handler !== 'function') throw new Error(`${entryFile} exports no function "${handlerExport}"`);
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  // An init error, as Lambda reports it: the function cannot serve any request.
  parentPort.postMessage({
    type: 'init-error',
    error: { ...describe(error), errorType: 'Runtime.ImportModuleError' },
  });
}

parentPort.on('message', async ({ id, event }) => {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const result = await handler(JSON.parse(event), context);
    // Results cross the boundary as JSON, exactly as Lambda serialises them.
    parentPort.postMessage({
      type: 'result',
      id,
      result: result === undefined ? 'null' : JSON.stringify(result),
    });
  } catch (error) {
    parentPort.postMessage({ type: 'error', id, error: describe(error) });
  }
});
