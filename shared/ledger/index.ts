// The ledger: its rules and its DynamoDB store.
export * from './ledger.ts';
export * from './repository.ts';
