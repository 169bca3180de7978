// The HTTP API's one list of routes: the stack wires these, the OpenAPI document describes them, tests hold both to it.
import type * as z from 'zod';
import {
  departmentListQuery,
  newPolicyBody,
  policyListQuery,
  policyStatusBody,
} from '../../functions/catalog/catalog.ts';
import { settlementBody } from '../../functions/finance/settlements.ts';
import { allocationBody, budgetQuery } from '../../functions/fund-pool/budgets.ts';
import { objectionBody } from '../../functions/intake/announcement.ts';
import { applicationBody, applicationListQuery, resubmissionBody } from '../../functions/intake/intake.ts';
import { ratingBody } from '../../functions/intake/rating.ts';
import { riskWarningQuery } from '../../functions/oversight/risk-warnings.ts';
import { statsQuery } from '../../functions/oversight/stats.ts';
import { decisionBody } from '../../functions/review/review.ts';
import { blacklistBody } from '../blacklists/blacklist.ts';
import { calendarYearBody } from '../calendar/types.ts';
import { guide } from '../catalog/types.ts';
import { redriveBody } from '../chains/stuck.ts';
import { enterpriseBody } from '../enterprises/types.ts';
import { materialBody } from '../materials/materials.ts';
import { heldDecisionBody, paymentQuery } from '../payments/payments.ts';
import type { Role } from '../principal.ts';
import { reconciliationBody, resolutionBody } from '../reconciliations/reconciliation.ts';
import { whitelistBatchBody } from '../whitelists/whitelist.ts';

/** Folders under functions/ that serve HTTP routes. */
export type ApiFunction =
  | 'catalog'
  | 'enterprises'
  | 'intake'
  | 'review'
  | 'fund-pool'
  | 'finance'
  | 'oversight'
  | 'audit';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  function: ApiFunction;
  summary: string;
  /** Who may call it; `public` routes need no token. */
  roles: Role[] | 'public';
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Status of success. */
  success: 200 | 201 | 202;
}

export const API_ROUTES: ApiRoute[] = [
  {
    method: 'GET',
    path: '/openapi.json',
    function: 'catalog',
    summary: 'OpenAPI 3.1 描述文档',
    roles: 'public',
    success: 200,
  },
  {
    method: 'GET',
    path: '/policies',
    function: 'catalog',
    summary: '政策事项目录（一网查询）',
    roles: 'public',
    query: policyListQuery,
    success: 200,
  },
  {
    method: 'GET',
    path: '/policies/{id}',
    function: 'catalog',
    summary: '政策事项及其办事指南',
    roles: 'public',
    success: 200,
  },
  {
    method: 'GET',
    path: '/policies/{id}/versions/{version}',
    function: 'catalog',
    summary: '政策事项的历史版本',
    roles: 'public',
    success: 200,
  },
  {
    method: 'GET',
    path: '/departments',
    function: 'catalog',
    summary: '政策主管部门',
    roles: 'public',
    query: departmentListQuery,
    success: 200,
  },
  {
    method: 'POST',
    path: '/policies',
    function: 'catalog',
    summary: '新增政策事项（草稿）',
    roles: ['admin'],
    body: newPolicyBody,
    success: 201,
  },
  {
    method: 'PUT',
    path: '/policies/{id}',
    function: 'catalog',
    summary: '修改办事指南（生成新版本）',
    roles: ['admin', 'department'],
    body: guide,
    success: 200,
  },
  {
    method: 'POST',
    path: '/policies/{id}/status',
    function: 'catalog',
    summary: '发布、暂停或废止政策事项',
    roles: ['admin'],
    body: policyStatusBody,
    success: 200,
  },
  {
    method: 'GET',
    path: '/calendar/{year}',
    function: 'catalog',
    summary: '工作日历（节假日与调休上班日）',
    roles: 'public',
    success: 200,
  },
  {
    method: 'PUT',
    path: '/calendar/{year}',
    function: 'catalog',
    summary: '导入国务院新公布的年度节假日安排',
    roles: ['admin'],
    body: calendarYearBody,
    success: 200,
  },
  {
    method: 'PUT',
    path: '/enterprises/me',
    function: 'enterprises',
    summary: '登记或更新本企业信息与银行账户',
    roles: ['enterprise'],
    body: enterpriseBody,
    success: 200,
  },
  {
    method: 'GET',
    path: '/enterprises/me',
    function: 'enterprises',
    summary: '本企业信息',
    roles: ['enterprise'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/enterprises/me/matches',
    function: 'enterprises',
    summary: '本企业可享政策（精准推送）',
    roles: ['enterprise'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/enterprises/{uscc}',
    function: 'enterprises',
    summary: '按统一社会信用代码查询企业',
    roles: ['window', 'payer'],
    success: 200,
  },
  {
    method: 'POST',
    path: '/materials',
    function: 'intake',
    summary: '登记申请材料并取得上传地址',
    roles: ['enterprise', 'window'],
    body: materialBody,
    success: 201,
  },
  {
    method: 'POST',
    path: '/applications',
    function: 'intake',
    summary: '提交申请（在线或专窗代办）',
    roles: ['enterprise', 'window'],
    body: applicationBody,
    success: 201,
  },
  {
    method: 'GET',
    path: '/applications',
    function: 'intake',
    summary: '本企业的办件；专窗按信用代码查询',
    roles: ['enterprise', 'window'],
    query: applicationListQuery,
    success: 200,
  },
  {
    method: 'GET',
    path: '/applications/{id}',
    function: 'intake',
    summary: '办件状态、时间线与决定理由',
    roles: ['enterprise', 'window', 'department'],
    success: 200,
  },
  {
    method: 'POST',
    path: '/applications/{id}/resubmit',
    function: 'intake',
    summary: '补正后重新提交',
    roles: ['enterprise', 'window'],
    body: resubmissionBody,
    success: 200,
  },
  {
    method: 'POST',
    path: '/applications/{id}/rating',
    function: 'intake',
    summary: '办结后评价服务（好差评，1–5 分，每件一次）',
    roles: ['enterprise'],
    body: ratingBody,
    success: 201,
  },
  {
    method: 'GET',
    path: '/cases/stuck',
    function: 'intake',
    summary: '审批流程中断的办件（本辖区）',
    roles: ['admin'],
    success: 200,
  },
  {
    method: 'POST',
    path: '/applications/{id}/redrive',
    function: 'intake',
    summary: '恢复中断的审批流程（从中断处继续，留痕）',
    roles: ['admin'],
    body: redriveBody,
    success: 202,
  },
  {
    method: 'POST',
    path: '/applications/{id}/objections',
    function: 'intake',
    summary: '公示期内提出异议',
    roles: ['enterprise', 'window', 'department', 'agency', 'payer', 'finance', 'admin'],
    body: objectionBody,
    success: 201,
  },
  {
    method: 'GET',
    path: '/announcements',
    function: 'intake',
    summary: '公示中的办件',
    roles: 'public',
    success: 200,
  },
  {
    method: 'GET',
    path: '/notifications',
    function: 'intake',
    summary: '本企业收到的通知',
    roles: ['enterprise'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/tasks',
    function: 'review',
    summary: '待办审核任务',
    roles: ['department', 'agency'],
    success: 200,
  },
  {
    method: 'POST',
    path: '/tasks/{id}/decision',
    function: 'review',
    summary: '作出审核决定（仅一次）',
    roles: ['department', 'agency'],
    body: decisionBody,
    success: 200,
  },
  {
    method: 'GET',
    path: '/escalations',
    function: 'review',
    summary: '督办事项（部门或联审部门负责人）',
    roles: ['department', 'agency'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/blacklist',
    function: 'enterprises',
    summary: '本联审部门的名单',
    roles: ['agency'],
    success: 200,
  },
  {
    method: 'PUT',
    path: '/blacklist/{uscc}',
    function: 'enterprises',
    summary: '将企业列入本联审部门名单',
    roles: ['agency'],
    body: blacklistBody,
    success: 200,
  },
  {
    method: 'DELETE',
    path: '/blacklist/{uscc}',
    function: 'enterprises',
    summary: '将企业移出本联审部门名单',
    roles: ['agency'],
    success: 200,
  },
  {
    method: 'POST',
    path: '/budgets/allocations',
    function: 'fund-pool',
    summary: '财政向资金池拨付或收回预算（同一编号只记一次）',
    roles: ['finance'],
    body: allocationBody,
    success: 201,
  },
  {
    method: 'GET',
    path: '/budgets',
    function: 'fund-pool',
    summary: '资金池余额：拨付、占用、已付、可用',
    roles: ['finance', 'payer'],
    query: budgetQuery,
    success: 200,
  },
  {
    method: 'POST',
    path: '/whitelist-batches',
    function: 'fund-pool',
    summary: '推送免申即享白名单（同一批次号只受理一次）',
    roles: ['department'],
    body: whitelistBatchBody,
    success: 202,
  },
  {
    method: 'GET',
    path: '/whitelist-batches/{id}',
    function: 'fund-pool',
    summary: '白名单批次的兑付进度',
    roles: ['department', 'payer', 'finance'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/payments',
    function: 'fund-pool',
    summary: '兑付记录（含死信队列中的失败指令）',
    roles: ['payer', 'finance'],
    query: paymentQuery,
    success: 200,
  },
  {
    method: 'POST',
    path: '/payments/{id}/release',
    function: 'fund-pool',
    summary: '放行因风险预警暂停的兑付',
    roles: ['payer'],
    body: heldDecisionBody,
    success: 200,
  },
  {
    method: 'POST',
    path: '/payments/{id}/reject',
    function: 'fund-pool',
    summary: '拒付因风险预警暂停的兑付',
    roles: ['payer'],
    body: heldDecisionBody,
    success: 200,
  },
  {
    method: 'POST',
    path: '/reconciliations',
    function: 'finance',
    summary: '发起对账（台账与银行对账单逐笔核对，并核对资金池）',
    roles: ['finance'],
    body: reconciliationBody,
    success: 202,
  },
  {
    method: 'GET',
    path: '/reconciliations/{id}',
    function: 'finance',
    summary: '对账结果及差异明细',
    roles: ['finance', 'admin'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/reconciliations/{id}/report.csv',
    function: 'finance',
    summary: '下载对账报告（CSV）',
    roles: ['finance', 'admin'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/reconciliations/{id}/report.xlsx',
    function: 'finance',
    summary: '下载对账报告（Excel）',
    roles: ['finance', 'admin'],
    success: 200,
  },
  {
    method: 'POST',
    path: '/reconciliations/{id}/discrepancies/{seq}/resolve',
    function: 'finance',
    summary: '处理对账差异（须填写说明，记入审计）',
    roles: ['finance'],
    body: resolutionBody,
    success: 200,
  },
  {
    method: 'POST',
    path: '/settlements',
    function: 'finance',
    summary: '资金池据实清算（结余退回财政并关闭资金池）',
    roles: ['finance'],
    body: settlementBody,
    success: 201,
  },
  {
    method: 'GET',
    path: '/settlements/{year}',
    function: 'finance',
    summary: '年度清算表（按部门：预拨、据实兑付、清算退回）',
    roles: ['finance', 'admin'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/settlements/{year}/statement.csv',
    function: 'finance',
    summary: '下载年度清算表（CSV）',
    roles: ['finance', 'admin'],
    success: 200,
  },
  {
    method: 'GET',
    path: '/stats',
    function: 'oversight',
    summary: '统计分析（按部门、事项：办件与兑付、金额、工作日时效、按时率、好差评、免申即享占比）',
    roles: ['finance', 'admin'],
    query: statsQuery,
    success: 200,
  },
  {
    method: 'GET',
    path: '/risk-warnings',
    function: 'oversight',
    summary: '风险预警（红、黄、绿三色，可按颜色、规则、事项、部门、企业筛选）',
    roles: ['payer', 'finance', 'admin'],
    query: riskWarningQuery,
    success: 200,
  },
  {
    method: 'GET',
    path: '/audit/{entityType}/{id}',
    function: 'audit',
    summary: '审计记录及其哈希链校验',
    roles: ['admin', 'finance', 'enterprise', 'department', 'agency'],
    success: 200,
  },
];

/** "GET /policies/{id}": the route key API Gateway and the handlers use. */
export const routeKeyOf = (route: Pick<ApiRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;
