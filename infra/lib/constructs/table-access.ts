// A function is given a table's name and the matching grant in one step, so it never holds a name it may not use.
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';

/** `write` is for a loader that only puts (conditionally) and never reads back. */
export type TableAccess = 'read' | 'write' | 'readWrite';

const grants: Record<TableAccess, (table: ITableV2, fn: LambdaFunction) => unknown> = {
  read: (table, fn) => table.grantReadData(fn),
  write: (table, fn) => table.grantWriteData(fn),
  readWrite: (table, fn) => table.grantReadWriteData(fn),
};

/** Sets `variable` (e.g. CASES_TABLE) to the table's name on `fn` and grants `fn` the `access` its code needs. */
export function useTable(
  fn: LambdaFunction,
  variable: `${string}_TABLE`,
  table: ITableV2,
  access: TableAccess,
): void {
  fn.addEnvironment(variable, table.tableName);
  grants[access](table, fn);
}
