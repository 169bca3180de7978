// What the platform answers, as the contract declares it, under the names the story uses.
import type { ClientResponse } from '../../../shared/api/contract.ts';

export type Department = ClientResponse<'GET /departments'>['items'][number];
export type Policy = ClientResponse<'GET /policies/{id}'>;
export type PolicyPage = ClientResponse<'GET /policies'>;
export type Allocation = ClientResponse<'POST /budgets/allocations'>;
export type BudgetItem = ClientResponse<'GET /budgets'>['items'][number];
export type WhitelistPush = ClientResponse<'POST /whitelist-batches'>;
export type Refusal = WhitelistPush['refused'][number];
export type BatchProgress = ClientResponse<'GET /whitelist-batches/{id}'>;
export type Case = ClientResponse<'GET /applications/{id}'>;
export type CaseStatus = Case['status'];
export type ReviewTask = ClientResponse<'GET /tasks'>['items'][number];
export type TaskStep = ReviewTask['step'];
export type Decision = NonNullable<ReviewTask['decision']>;
export type Notice = ClientResponse<'GET /notifications'>['items'][number];
/** A payment as the payer's list shows it; lists filtered by batch, case or status hold no dead letters. */
export type ListedPayment = Exclude<ClientResponse<'GET /payments'>['items'][number], { deadLetter: true }>;
export type PaymentStatus = ListedPayment['status'];
export type Reconciliation = ClientResponse<'GET /reconciliations/{id}'>;
export type RiskWarningPage = ClientResponse<'GET /risk-warnings'>;
export type RiskWarningItem = RiskWarningPage['items'][number];
export type Stats = ClientResponse<'GET /stats'>;
export type SettlementStatement = ClientResponse<'GET /settlements/{year}'>;
