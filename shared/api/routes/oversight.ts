// Routes of oversight: statistics for finance and the leadership, risk warnings for the payer, finance and admins.
import { riskWarningQuery, statsQuery } from '../../oversight/queries.ts';
import type { RouteSpec } from '../contract.ts';
import { riskWarningPage, stats } from '../responses/oversight.ts';

export const oversightRoutes = {
  'GET /stats': {
    function: 'oversight',
    summary: '统计分析（按部门、事项：办件与兑付、金额、工作日时效、按时率、好差评、免申即享占比）',
    roles: ['finance', 'admin'],
    query: statsQuery,
    responses: { 200: stats },
  },
  'GET /risk-warnings': {
    function: 'oversight',
    summary: '风险预警（红、黄、绿三色，可按颜色、规则、事项、部门、企业筛选）',
    roles: ['payer', 'finance', 'admin'],
    query: riskWarningQuery,
    responses: { 200: riskWarningPage },
  },
} as const satisfies Record<string, RouteSpec>;
