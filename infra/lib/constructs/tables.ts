// The platform's DynamoDB tables: on-demand, encrypted, recoverable, and protected from deletion outside dev.
import type { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';

export interface PlatformTablesProps {
  /** Any stage but dev: tables refuse deletion. */
  production: boolean;
  removalPolicy: RemovalPolicy;
}

export class PlatformTables {
  readonly catalog: TableV2;
  /**
   * gsi3: cases and review tasks by division and month, for statistics and risk warnings; gsi4: cases whose chain is
   * at work, which the chain watch compares with their executions.
   */
  readonly cases: TableV2;
  /**
   * gsi1: a batch's payments, pools by division, payout transfers and the bank's statement by day; gsi2: payments by
   * status, batches still being queued, every pool, the bank's return notices by day.
   */
  readonly ledger: TableV2;
  readonly enterprises: TableV2;
  /** Append-only: functions get write access through the audit log's conditional puts, never updates or deletes. */
  readonly audit: TableV2;

  constructor(stack: Stack, { production, removalPolicy }: PlatformTablesProps) {
    const table = (id: string, indexes: string[] = []) =>
      new TableV2(stack, id, {
        partitionKey: { name: 'pk', type: AttributeType.STRING },
        sortKey: { name: 'sk', type: AttributeType.STRING },
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: production,
        removalPolicy,
        globalSecondaryIndexes: indexes.map((indexName) => ({
          indexName,
          partitionKey: { name: `${indexName}pk`, type: AttributeType.STRING },
          sortKey: { name: `${indexName}sk`, type: AttributeType.STRING },
        })),
      });
    this.catalog = table('CatalogTable');
    this.cases = table('CasesTable', ['gsi1', 'gsi2', 'gsi3', 'gsi4']);
    this.ledger = table('LedgerTable', ['gsi1', 'gsi2']);
    this.enterprises = table('EnterprisesTable', ['gsi1']);
    this.audit = table('AuditTable');
  }
}
