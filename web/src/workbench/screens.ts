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
  /** Only the head (负责人) of a department or agency has it. */
  headsOnly?: true;
  /** The screen under /work/<section>; with an id, `detail` when there is one. */
  list: LazyExoticComponent<ComponentType<ScreenProps>>;
  detail?: LazyExoticComponent<ComponentType<ScreenProps>>;
}

export const load = <K extends string>(
  loader: () => Promise<Record<K, ComponentType<ScreenProps>>>,
  name: K,
) => lazy(() => loader().then((module) => ({ default: module[name] })));

export const WORK_SCREENS: readonly WorkScreen[] = [
  {
    section: 'escalations',
    title: '督办事项',
    hint: '本单位被督办的超期任务：超期多久、由谁办理',
    roles: ['department', 'agency'],
    headsOnly: true,
    list: load(() => import('./escalations.tsx'), 'EscalationsScreen'),
  },
  {
    section: 'tasks',
    title: '待办审核',
    hint: '按紧急程度排序：红色已超期、黄色临近期限，先办红色',
    roles: ['department', 'agency'],
    list: load(() => import('./tasks.tsx'), 'TasksScreen'),
    detail: load(() => import('./task.tsx'), 'TaskScreen'),
  },
  {
    section: 'whitelist',
    title: '白名单推送',
    hint: '免申即享：上传名单表格，先核对被拒的行，再推送并查看兑付进度',
    roles: ['department'],
    list: load(() => import('./whitelist.tsx'), 'WhitelistScreen'),
  },
  {
    section: 'blacklist',
    title: '本部门名单',
    hint: '列入、到期与移出企业，写明原因和期限；联审时据此核查',
    roles: ['agency'],
    list: load(() => import('./blacklist.tsx'), 'BlacklistScreen'),
  },
  {
    section: 'counter',
    title: '一窗受理',
    hint: '按统一社会信用代码查找企业，代为申请并打印受理回执',
    roles: ['window'],
    list: load(() => import('./counter.tsx'), 'CounterScreen'),
    detail: load(() => import('./counter.tsx'), 'CounterEnterpriseScreen'),
  },
  {
    section: 'counter-cases',
    title: '办件查询与补正',
    hint: '按办件编号查询进度、补打回执，为退回的办件代为补正',
    roles: ['window'],
    list: load(() => import('./counter-case.tsx'), 'CounterCaseLookupScreen'),
    detail: load(() => import('./counter-case.tsx'), 'CounterCaseScreen'),
  },
  {
    section: 'stuck',
    title: '中断的审批流程',
    hint: '审批流程停止的办件，查明原因后从中断处恢复',
    roles: ['admin'],
    list: load(() => import('./stuck-cases.tsx'), 'StuckCasesScreen'),
  },
  {
    section: 'catalog',
    title: '政策事项管理',
    hint: '起草、修改、发布、暂停和废止政策事项，对照各版本办事指南',
    roles: ['admin'],
    list: load(() => import('./policy-catalog.tsx'), 'PolicyCatalogScreen'),
    detail: load(() => import('./policy-catalog.tsx'), 'PolicyDetailScreen'),
  },
  {
    section: 'audit',
    title: '审计记录',
    hint: '任一对象的变更记录及哈希链校验',
    roles: ['admin'],
    list: load(() => import('./audit-trail.tsx'), 'AuditLookupScreen'),
    detail: load(() => import('./audit-trail.tsx'), 'AuditTrailScreen'),
  },
  {
    section: 'calendar',
    title: '工作日历',
    hint: '查看节假日安排，导入新公布年度的放假和调休日期',
    roles: ['admin'],
    list: load(() => import('./working-calendar.tsx'), 'WorkingCalendarScreen'),
  },
  // The payer's day: held payments wait on a decision, then the cut-off's payment file for online banking and the
  // bank's answers, then failures, batches, pools, warnings. Finance's: pools to
  // fund, reconciliations, settlements, then warnings and statistics.
  {
    section: 'held-payments',
    title: '风险暂停的兑付',
    hint: '因红色风险预警暂停的兑付：核实预警，填写理由后放行或拒付',
    roles: ['payer'],
    list: load(() => import('./payments.tsx'), 'HeldPayments'),
  },
  {
    section: 'bank-files',
    title: '银行文件',
    hint: '网银代发：下载代发文件上传网银，导入银行的处理结果、退汇通知和对账单',
    roles: ['payer', 'finance'],
    list: load(() => import('./bank-files.tsx'), 'BankFilesScreen'),
  },
  {
    section: 'failed-payments',
    title: '兑付失败与退回',
    hint: '没有付出或被银行退回的款项：多数会自动重新兑付，其余由您重新兑付或取消',
    roles: ['payer'],
    list: load(() => import('./failed-payments.tsx'), 'FailedPayments'),
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

export const screensOf = (role: string, head: boolean): WorkScreen[] =>
  WORK_SCREENS.filter(
    (screen) => (screen.roles as readonly string[]).includes(role) && (head || !screen.headsOnly),
  );
