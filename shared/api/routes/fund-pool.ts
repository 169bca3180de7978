// Routes of the fund pool: finance's budgets, departments' whitelist pushes, and the payments the payer and
// finance watch.
import { bankFileQuery, bankFileUpload } from '../../bank/bank-files.ts';
import { allocationBody, budgetQuery } from '../../fund-pool/requests.ts';
import { heldDecisionBody, paymentQuery } from '../../payments/payments.ts';
import { whitelistBatchBody } from '../../whitelists/whitelist.ts';
import type { RouteSpec } from '../contract.ts';
import {
  allocation,
  bankFileImport,
  bankFileList,
  budgetList,
  payment,
  paymentPage,
  whitelistBatchProgress,
  whitelistCheck,
  whitelistPush,
} from '../responses/fund-pool.ts';

export const fundPoolRoutes = {
  'POST /budgets/allocations': {
    function: 'fund-pool',
    summary: '财政向资金池拨付或收回预算（同一编号只记一次）',
    roles: ['finance'],
    body: allocationBody,
    responses: { 201: allocation, 200: allocation },
  },
  'GET /budgets': {
    function: 'fund-pool',
    summary: '资金池余额：拨付、占用、已付、可用',
    roles: ['finance', 'payer'],
    query: budgetQuery,
    responses: { 200: budgetList },
  },
  'POST /whitelist-batches': {
    function: 'fund-pool',
    summary: '推送免申即享白名单（同一批次号只受理一次）',
    roles: ['department'],
    body: whitelistBatchBody,
    responses: { 202: whitelistPush },
  },
  'POST /whitelist-batches/check': {
    function: 'fund-pool',
    summary: '推送前核对白名单：逐行列出会被拒的条目及原因，不写入任何数据',
    roles: ['department'],
    body: whitelistBatchBody,
    responses: { 200: whitelistCheck },
  },
  'GET /whitelist-batches/{id}': {
    function: 'fund-pool',
    summary: '白名单批次的兑付进度',
    roles: ['department', 'payer', 'finance'],
    responses: { 200: whitelistBatchProgress },
  },
  'GET /payments': {
    function: 'fund-pool',
    summary: '兑付记录（含死信队列中的失败指令）',
    roles: ['payer', 'finance'],
    query: paymentQuery,
    responses: { 200: paymentPage },
  },
  'POST /payments/{id}/release': {
    function: 'fund-pool',
    summary: '放行因风险预警暂停的兑付',
    roles: ['payer'],
    body: heldDecisionBody,
    responses: { 200: payment },
  },
  'POST /payments/{id}/reject': {
    function: 'fund-pool',
    summary: '拒付因风险预警暂停的兑付',
    roles: ['payer'],
    body: heldDecisionBody,
    responses: { 200: payment },
  },
  'POST /payments/{id}/retry': {
    function: 'fund-pool',
    summary: '重新兑付失败或被银行退回的款项（同一兑付号，新一次尝试）',
    roles: ['payer'],
    body: heldDecisionBody,
    responses: { 200: payment },
  },
  'POST /payments/{id}/cancel': {
    function: 'fund-pool',
    summary: '取消失败或被银行退回的款项，并告知企业',
    roles: ['payer'],
    body: heldDecisionBody,
    responses: { 200: payment },
  },
  'GET /bank-files': {
    function: 'fund-pool',
    summary: '银行文件：待上传网银的代发文件，以及已导入的处理结果、退汇通知和对账单',
    roles: ['payer', 'finance'],
    query: bankFileQuery,
    responses: { 200: bankFileList },
  },
  'GET /bank-files/{id}/content': {
    function: 'fund-pool',
    summary: '下载代发文件（按本县银行的模板；再次下载为同一文件的副本，均留下载记录）',
    roles: ['payer', 'finance'],
    responses: { 200: { file: 'application/octet-stream' } },
  },
  'POST /bank-files': {
    function: 'fund-pool',
    summary: '导入银行的处理结果、退汇通知或对账单（同一文件只处理一次）',
    roles: ['payer'],
    body: bankFileUpload,
    // A 10,000-line result file, base64-encoded, within Lambda's 6 MB.
    maxBodyBytes: 5 * 1024 * 1024,
    responses: { 202: bankFileImport, 200: bankFileImport },
  },
} as const satisfies Record<string, RouteSpec>;
