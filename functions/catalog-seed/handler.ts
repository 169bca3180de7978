// CloudFormation custom resource that loads the shipped catalog into the catalog table on deploy.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { parseCatalogTsv } from '../../shared/catalog/dingnan.ts';
import catalogTsv from '../../shared/catalog/dingnan-2022-catalog.tsv';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { logger } from '../../shared/observability.ts';

const catalog = dynamoCatalogRepository(envOf('CATALOG_TABLE'), dynamoAuditLog(envOf('AUDIT_TABLE')));
const SEED_ACTOR = { role: 'system', subject: 'catalog-seed' };

/** CloudFormation waits for this PUT; a failure must be reported there, or the stack hangs for an hour. */
async function reply(
  event: CloudFormationCustomResourceEvent,
  status: 'SUCCESS' | 'FAILED',
  reason: string,
  data = {},
) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId:
      'PhysicalResourceId' in event ? event.PhysicalResourceId : `catalog-seed-${event.LogicalResourceId}`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  if (!response.ok) throw new Error(`custom resource response refused: ${response.status}`);
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  try {
    // Deleting the stack keeps the data: the table's own removal policy decides its fate.
    if (event.RequestType === 'Delete') return await reply(event, 'SUCCESS', 'catalog kept');
    const result = await catalog.seed(
      parseCatalogTsv(catalogTsv, envOf('DEFAULT_DIVISION_CODE')),
      SEED_ACTOR,
    );
    logger.info('catalog seeded', result);
    await reply(event, 'SUCCESS', `written ${result.written}, kept ${result.kept}`, result);
  } catch (error) {
    logger.error('catalog seed failed', { error: error as Error });
    await reply(event, 'FAILED', (error as Error).message);
  }
}
