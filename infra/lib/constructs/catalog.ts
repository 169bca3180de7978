// The policy catalog: the function behind its routes, and the seed that loads the shipped catalog on deploy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CustomResource, Duration, type Stack } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { cacheSecondsOf } from '../../../shared/catalog/read-cache.ts';
import { PlatformFunction } from '../platform-function.ts';
import type { AreaProps } from './area.ts';
import { useTable } from './table-access.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface PolicyCatalogProps extends AreaProps {
  /** GB/T 2260 code of the jurisdiction whose catalog is loaded on deploy. */
  divisionCode: string;
  /** CATALOG_CACHE_SECONDS of the catalog function; its default when not given. */
  cacheSeconds?: string;
}

export class PolicyCatalog {
  /** Public catalog of policy items and departments, and the admins' edits to it. */
  readonly catalog: NodejsFunction;
  /** Every function of the area, for its part of the operations dashboard. */
  readonly functions: NodejsFunction[];

  constructor(stack: Stack, { removalPolicy, tables, divisionCode, cacheSeconds }: PolicyCatalogProps) {
    const division = { DEFAULT_DIVISION_CODE: divisionCode };
    this.catalog = new PlatformFunction(stack, 'Catalog', {
      removalPolicy,
      folder: 'catalog',
      description: 'Public catalog of policy items and departments',
      environment: {
        ...division,
        // Checked here too, so a wrong setting fails the synth rather than every cold start.
        CATALOG_CACHE_SECONDS: String(cacheSecondsOf(cacheSeconds)),
      },
    }).fn;
    useTable(this.catalog, 'CATALOG_TABLE', tables.catalog, 'readWrite');
    useTable(this.catalog, 'AUDIT_TABLE', tables.audit, 'readWrite');

    const catalogSeed = new PlatformFunction(stack, 'CatalogSeed', {
      removalPolicy,
      folder: 'catalog-seed',
      description: 'Loads the shipped catalog on deploy',
      timeout: Duration.minutes(5),
      environment: division,
    }).fn;
    // The seed only puts what is not there yet (conditional puts); it never reads the catalog back.
    useTable(catalogSeed, 'CATALOG_TABLE', tables.catalog, 'write');
    useTable(catalogSeed, 'AUDIT_TABLE', tables.audit, 'readWrite');
    const catalogTsv = readFileSync(path.join(repoRoot, 'shared/catalog/dingnan-2022-catalog.tsv'));
    new CustomResource(stack, 'CatalogSeedRun', {
      serviceToken: catalogSeed.functionArn,
      resourceType: 'Custom::CatalogSeed',
      // A new catalog file re-runs the seed; an unchanged one leaves the table alone.
      properties: { catalogHash: createHash('sha256').update(catalogTsv).digest('hex') },
    });
    this.functions = [this.catalog, catalogSeed];
  }
}
