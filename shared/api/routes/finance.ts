// Routes of finance: reconciliations with their reports, and the settlement of an ended year's pools.
import * as z from 'zod';
import { reconciliationBody, resolutionBody } from '../../reconciliations/reconciliation.ts';
import { settlementBody, settlementYearPath } from '../../settlements/requests.ts';
import type { RouteSpec } from '../contract.ts';
import {
  discrepancy,
  reconciliation,
  reconciliationList,
  reconciliationRequest,
  settlement,
  settlementStatement,
} from '../responses/finance.ts';

// Ids are bounded by the edge itself; a discrepancy's number must be one.
const discrepancyPath = z.strictObject({
  id: z.string(),
  seq: z.coerce.number().int().min(1).max(10_000_000),
});
const recentQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const CSV = { file: 'text/csv; charset=utf-8' } as const;
const XLSX = { file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export const financeRoutes = {
  'POST /reconciliations': {
    function: 'finance',
    summary: '发起对账（台账与银行对账单逐笔核对，并核对资金池）',
    roles: ['finance'],
    body: reconciliationBody,
    responses: { 202: reconciliationRequest },
  },
  'GET /reconciliations': {
    function: 'finance',
    summary: '本行政区划最近的对账（最新在前，含差异笔数）',
    roles: ['finance', 'admin'],
    query: recentQuery,
    responses: { 200: reconciliationList },
  },
  'GET /reconciliations/{id}': {
    function: 'finance',
    summary: '对账结果及差异明细',
    roles: ['finance', 'admin'],
    responses: { 200: reconciliation },
  },
  'GET /reconciliations/{id}/report.csv': {
    function: 'finance',
    summary: '下载对账报告（CSV）',
    roles: ['finance', 'admin'],
    responses: { 200: CSV },
  },
  'GET /reconciliations/{id}/report.xlsx': {
    function: 'finance',
    summary: '下载对账报告（Excel）',
    roles: ['finance', 'admin'],
    responses: { 200: XLSX },
  },
  'POST /reconciliations/{id}/discrepancies/{seq}/resolve': {
    function: 'finance',
    summary: '处理对账差异（须填写说明，记入审计）',
    roles: ['finance'],
    params: discrepancyPath,
    body: resolutionBody,
    responses: { 200: discrepancy },
  },
  'POST /settlements': {
    function: 'finance',
    summary: '资金池据实清算（结余退回财政并关闭资金池）',
    roles: ['finance'],
    body: settlementBody,
    responses: { 201: settlement, 200: settlement },
  },
  'GET /settlements/{year}': {
    function: 'finance',
    summary: '年度清算表（按部门：预拨、据实兑付、清算退回）',
    roles: ['finance', 'admin'],
    params: settlementYearPath,
    responses: { 200: settlementStatement },
  },
  'GET /settlements/{year}/statement.csv': {
    function: 'finance',
    summary: '下载年度清算表（CSV）',
    roles: ['finance', 'admin'],
    params: settlementYearPath,
    responses: { 200: CSV },
  },
} as const satisfies Record<string, RouteSpec>;
