// The ledger: its rules, its chart of accounts and its DynamoDB store.
export * from './accounts.ts';
export * from './ledger.ts';
export * from './repository.ts';
