// The workbench's screens (工作台): which roles each serves, in the order a role's day asks for them — what needs
// doing first comes first. The menu, the landing page and the router all read this one list.

import type { User } from 'oidc-client-ts';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export type StaffRole = 'window' | 'department' | 'agency' | 'payer' | 'finance' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = [
  'window',
  'department',
  'agency',
  'payer',
  'finance',
  'admin',
];

/** What a screen is given: the signed-in person and, under /work/<section>/<id>, the id. */
export interface ScreenProps {
  user: User;
  id?: string;
}

export interface WorkScreen {
  /** The path segment under /work. */
  section: string;
  title: string;
  /** One line on the landing page: what the screen is for. */
  hint: string;
  roles: readonly StaffRole[];
  /** The screen under /work/<section>; with an id, `detail` when there is one. */
  list: LazyExoticComponent<ComponentType<ScreenProps>>;
  detail?: LazyExoticComponent<ComponentType<ScreenProps>>;
}

export const load = <K extends string>(
  loader: () => Promise<Record<K, ComponentType<ScreenProps>>>,
  name: K,
) => lazy(() => loader().then((module) => ({ default: module[name] })));

export const WORK_SCREENS: readonly WorkScreen[] = [
  // The payer's day: held payments wait on a decision, then failures, batches, pools, warnings. Finance's: pools to
  // fund, reconciliations, settlements, then warnings and statistics.
  {
    section: 'held-payments',
    title: '风险暂停的兑付',
    hint: '因红色风险预警暂停的兑付：核实预警，填写理由后放行或拒付',
    roles: ['payer'],
    list: load(() => import('./payments.tsx'), 'HeldPayments'),
  },
  {
    section: 'failed-payments',
    title: '兑付失败',
    hint: '未能付出的兑付及失败原因，含死信队列中的指令',
    roles: ['payer'],
    list: load(() => import('./payments.tsx'), 'FailedPayments'),
  },
  {
    section: 'whitelist-batches',
    title: '白名单批次',
    hint: '免申即享白名单各批次的兑付进度和拒收条目',
    roles: ['payer'],
    list: load(() => import('./batches.tsx'), 'WhitelistBatches'),
    detail: load(() => import('./batches.tsx'), 'WhitelistBatch'),
  },
  {
    section: 'pools',
    title: '资金池',
    hint: '各资金池的拨付、冻结、已付和可用余额；财政在此拨付或收回预算',
    roles: ['finance', 'payer'],
    list: load(() => import('./pools.tsx'), 'Pools'),
  },
  {
    section: 'reconciliations',
    title: '对账',
    hint: '台账与银行对账单逐笔核对，按差异类型处理并下载报告',
    roles: ['finance'],
    list: load(() => import('./reconciliations.tsx'), 'Reconciliations'),
    detail: load(() => import('./reconciliations.tsx'), 'ReconciliationReport'),
  },
  {
    section: 'settlements',
    title: '年度清算',
    hint: '年度结束后据实清算资金池，查看并下载按部门的清算表',
    roles: ['finance'],
    list: load(() => import('./settlements.tsx'), 'Settlements'),
  },
  {
    section: 'risk-warnings',
    title: '风险预警',
    hint: '红、黄、绿三色预警，可按颜色、规则、企业和日期筛选',
    roles: ['payer', 'finance'],
    list: load(() => import('./risk-warnings.tsx'), 'RiskWarnings'),
  },
  {
    section: 'stats',
    title: '统计分析',
    hint: '按部门、事项统计办件与兑付、金额、时效、按时率和好差评',
    roles: ['finance'],
    list: load(() => import('./stats.tsx'), 'StatsScreen'),
  },
];

export const screensOf = (role: string): WorkScreen[] =>
  WORK_SCREENS.filter((screen) => (screen.roles as readonly string[]).includes(role));
