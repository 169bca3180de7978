// What every area of the platform is built from, and why each declares its resources in the stack's own scope.
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { BankEnvironment } from '../bank-choice.ts';
import type { PlatformTables } from './tables.ts';

/**
 * An area (catalog, intake and approval chains, fund pool and payout, finance and oversight, the HTTP API) groups
 * the stack's resources by the part of the product they serve. Areas take the Stack itself as the scope of what they
 * declare, rather than nesting a construct of their own: a resource's logical ID is derived from its construct path,
 * so nesting would rename, and on deploy replace, every table, queue and state machine already in service.
 */
export interface AreaProps {
  /** RETAIN outside dev, so a torn-down stack never takes data or logs with it. */
  removalPolicy: RemovalPolicy;
  tables: PlatformTables;
  /** The bank the payer-side functions talk to, as the deployment chose it (infra/lib/bank-choice.ts). */
  bank: BankEnvironment;
}
