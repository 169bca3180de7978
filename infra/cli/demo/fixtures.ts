// The demo's cast: its catalog items, staff, enterprises, whitelist lines, pool budgets and reviewers' words.
import { DINGNAN_DIVISION_CODE } from '../../../shared/catalog/dingnan.ts';
import type { AmountRule } from '../../../shared/catalog/types.ts';
import type { Actor } from './context.ts';

export const DIVISION = DINGNAN_DIVISION_CODE;

/** The catalog items the story uses: an `auto` item for the whitelist, an `instant` and a `review` one to apply for. */
export const DEMO_POLICIES = {
  whitelist: `${DIVISION}-002`, // 工业企业电价补贴 · 县工信局 · 免申即享
  instant: `${DIVISION}-019`, // 发明、实用新型专利授权奖励 · 县市监局 · 即申即享
  review: `${DIVISION}-045`, // 重大招商引资项目奖励 · 县商务局 · 承诺兑现
} as const;

export type DemoPolicy = keyof typeof DEMO_POLICIES;

/** Staff outside the catalog's departments; ids follow the README's conventions, names are for the reader. */
export const FINANCE: Actor = { role: 'finance', id: 'finance-dingnan', name: '县财政局' };
export const PAYER: Actor = { role: 'payer', id: 'payer-dingnan', name: '县行政审批局（资金池兑付）' };
export const WINDOW: Actor = { role: 'window', id: 'window-01', name: '县政务服务中心惠企政策兑现专窗' };
export const CREDIT_AGENCY: Actor = {
  role: 'agency',
  id: `${DIVISION}-credit`,
  name: '县发展改革委（失信名单）',
};

/** How each line of the department's spreadsheet is meant to fare; the platform's answer is checked against it. */
export type LineFate =
  | 'paid'
  | 'returned'
  | 'USCC_CHECK_CHARACTER'
  | 'ACCOUNT_NAME_MISMATCH'
  | 'AMOUNT_OVER_CAP';

export interface WhitelistLine {
  name: string;
  bankName: string;
  /** Planned amount; kept under the policy's cap, except on the line meant to exceed it. */
  amountFen: number;
  fate: LineFate;
}

/** 县工信局's list for the electricity subsidy: three good lines and three the push must refuse, by line. */
export const WHITELIST_LINES: WhitelistLine[] = [
  { name: '定南县赣鑫稀土新材料有限公司', bankName: '中国银行定南支行', amountFen: 1_280_000, fate: 'paid' },
  {
    name: '定南县富田陶瓷有限公司',
    bankName: '中国农业银行定南县支行',
    amountFen: 640_000,
    fate: 'USCC_CHECK_CHARACTER',
  },
  {
    name: '江西定南联创电子科技有限公司',
    bankName: '中国工商银行定南支行',
    amountFen: 865_050,
    fate: 'paid',
  },
  {
    name: '定南县九曲河纺织有限公司',
    bankName: '江西定南农村商业银行',
    amountFen: 520_000,
    fate: 'ACCOUNT_NAME_MISMATCH',
  },
  {
    name: '定南县岭北脐橙食品有限公司',
    bankName: '中国邮政储蓄银行定南县支行',
    amountFen: 320_000,
    fate: 'returned',
  },
  { name: '定南县恒达机械制造有限公司', bankName: '赣州银行定南支行', amountFen: 0, fate: 'AMOUNT_OVER_CAP' },
];

/** The account name on the mismatching line: a sister company's account, the commonest slip in such lists. */
export const MISMATCHED_ACCOUNT_NAME = '定南县九曲河贸易有限公司';

/** The electricity subsidy's standard when the guide has none yet (the seed leaves amounts to the department). */
export const ELECTRICITY_RULE: AmountRule = {
  kind: 'per_unit',
  unitName: '千瓦时',
  unitFen: 3,
  capFen: 5_000_000,
};

export interface Applicant {
  name: string;
  legalRepresentative: string;
  bankName: string;
  industry: string;
  size: 'large' | 'medium' | 'small' | 'micro';
  registeredOn: string;
  tags: string[];
  requestedFen: number;
}

export const INSTANT_APPLICANT: Applicant = {
  name: '定南县鑫晟磁材科技有限公司',
  legalRepresentative: '刘建华',
  bankName: '江西定南农村商业银行',
  industry: 'C',
  size: 'small',
  registeredOn: '2015-08-12',
  tags: ['高新技术企业', '入规'],
  requestedFen: 2_000_000,
};

export const REVIEW_APPLICANT: Applicant = {
  name: '定南县华宇电子信息产业有限公司',
  legalRepresentative: '陈志远',
  bankName: '中国建设银行定南支行',
  industry: 'C',
  size: 'medium',
  registeredOn: '2023-03-06',
  tags: ['电子信息'],
  requestedFen: 50_000_000,
};

/** Pools finance funds this run, per policy: enough for what the story pays, as a budget would be. */
export const ALLOCATIONS: { policy: DemoPolicy; amountFen: number }[] = [
  { policy: 'whitelist', amountFen: 20_000_000 },
  { policy: 'instant', amountFen: 10_000_000 },
  { policy: 'review', amountFen: 100_000_000 },
];

export const BLACKLIST_REASON = '曾被列入失信被执行人名单（2024 年合同纠纷案，判决已履行）';
export const CLEARANCE_REASON = '经核查，该企业已全部履行生效判决，失信信息已完成信用修复，同意继续办理';
export const REJECTION = {
  reason: '项目实际完成固定资产投资 6800 万元，未达到重大招商引资项目的认定标准',
  explanation:
    '重大招商引资项目奖励适用于实际投资达到认定标准的新引进项目；项目投资达标后，可凭验收材料再次申请。',
};

/** Staff who sign in to the workbench after the demo, by the names the local sign-in page lists. */
export const ADMIN: Actor = { role: 'admin', id: 'admin-dingnan', name: '平台管理员' };

/** The items the workday leaves open: each department's reviews, the agency's check, the payer's held line. */
export const WORKDAY_POLICIES = {
  homestay: { id: `${DIVISION}-026`, mode: 'instant' }, // 新获评甲级、乙级、丙级民宿的奖励 · 县文广新旅局
  advertising: { id: `${DIVISION}-042`, mode: 'review' }, // 在县外公共媒介投放定南旅游宣传广告的奖补 · 县文广新旅局
  touristGroups: { id: `${DIVISION}-043`, mode: 'review' }, // 旅行社引客奖励 · 县文广新旅局
  crossBorder: { id: `${DIVISION}-035`, mode: 'instant' }, // 支持企业开展跨境电子商务的奖励 · 县商务局
  overseasMarkets: { id: `${DIVISION}-046`, mode: 'review' }, // 支持企业开拓国际市场的奖励 · 县商务局
  outsourcing: { id: `${DIVISION}-036`, mode: 'instant' }, // 支持服务外包企业和培训机构落户的奖励 · 县商务局
  exports: { id: `${DIVISION}-018`, mode: 'auto' }, // 支持企业扩大出口规模的奖励 · 县商务局
} as const;

export type WorkdayPolicy = keyof typeof WORKDAY_POLICIES;

/** Pools finance funds for the workday's items, so the open cases and the whitelist have money behind them. */
export const WORKDAY_ALLOCATIONS: { policy: WorkdayPolicy; amountFen: number }[] = [
  { policy: 'homestay', amountFen: 5_000_000 },
  { policy: 'crossBorder', amountFen: 8_000_000 },
  { policy: 'exports', amountFen: 30_000_000 },
];

/** Who files what and how, and where the case is left: open at a reviewer, or returned to the enterprise. */
export interface WorkdayCase {
  applicant: Applicant;
  policy: WorkdayPolicy;
  /** Online by the enterprise itself, or at the window on its behalf. */
  channel: 'online' | 'window';
  /** Returned at the initial review with this request, to wait on the enterprise; left open otherwise. */
  correction?: string;
}

const tourism: Pick<Applicant, 'industry' | 'size' | 'tags'> = {
  industry: 'N',
  size: 'small',
  tags: ['文旅'],
};
const trade: Pick<Applicant, 'industry' | 'size' | 'tags'> = { industry: 'F', size: 'small', tags: ['外贸'] };

export const WORKDAY_CASES: WorkdayCase[] = [
  {
    applicant: {
      ...tourism,
      name: '定南县客家围屋民宿有限公司',
      legalRepresentative: '钟秀梅',
      bankName: '江西定南农村商业银行',
      registeredOn: '2019-04-18',
      size: 'micro',
      requestedFen: 300_000,
    },
    policy: 'homestay',
    channel: 'online',
  },
  {
    applicant: {
      ...tourism,
      name: '定南县九曲度假村旅游开发有限公司',
      legalRepresentative: '赖文斌',
      bankName: '中国银行定南支行',
      registeredOn: '2017-09-01',
      requestedFen: 1_200_000,
    },
    policy: 'advertising',
    channel: 'window',
  },
  {
    applicant: {
      ...tourism,
      name: '定南县虎形围国际旅行社有限公司',
      legalRepresentative: '叶振华',
      bankName: '中国工商银行定南支行',
      registeredOn: '2016-05-23',
      requestedFen: 800_000,
    },
    policy: 'touristGroups',
    channel: 'window',
    correction: '请补充本年度组团游客的住宿发票和景区门票结算单，申请表须加盖公章',
  },
  {
    applicant: {
      ...trade,
      name: '定南县赣南脐橙进出口有限公司',
      legalRepresentative: '黄国平',
      bankName: '中国农业银行定南县支行',
      registeredOn: '2018-11-12',
      requestedFen: 500_000,
    },
    policy: 'crossBorder',
    channel: 'online',
  },
  {
    applicant: {
      ...trade,
      name: '定南县启航电子科技有限公司',
      legalRepresentative: '谢晓东',
      bankName: '中国建设银行定南支行',
      industry: 'C',
      size: 'medium',
      registeredOn: '2020-07-30',
      requestedFen: 2_000_000,
    },
    policy: 'overseasMarkets',
    channel: 'window',
  },
];

/** Listed by the credit agency: its own case waits for the agency, and its whitelist payment is held for the payer. */
export const LISTED_APPLICANT: Applicant = {
  name: '定南县宏远稀土贸易有限公司',
  legalRepresentative: '邱志强',
  bankName: '赣州银行定南支行',
  industry: 'F',
  size: 'small',
  registeredOn: '2014-03-15',
  tags: ['外贸', '服务外包'],
  requestedFen: 600_000,
};
export const LISTED_REASON = '拖欠货款被列为失信被执行人（买卖合同纠纷案，判决尚未履行）';

/** The whitelist line the bank settles and then sends back (退汇): finance finds it in the day's reconciliation. */
export const LATE_RETURN_LINE = {
  name: '定南县南岭出口贸易有限公司',
  bankName: '中国邮政储蓄银行定南县支行',
  amountFen: 450_000,
};
export const LISTED_LINE_FEN = 380_000;

/** The admin's draft: a new tourism item, written up but not yet published. */
export const DRAFT_POLICY = {
  departmentCode: 'wgxlj',
  groupName: '乡村旅游节庆活动奖励',
  name: '举办县级以上乡村旅游节庆活动的奖励',
  basis: '定南县促进乡村旅游发展若干措施（征求意见稿）',
  eligibilityText: '在本县举办经县文广新旅局备案的乡村旅游节庆活动、参与游客 5000 人次以上的企业',
  materials: ['申请表', '营业执照', '活动备案回执', '游客人次统计及佐证材料'],
  amountFen: 5_000_000,
} as const;
