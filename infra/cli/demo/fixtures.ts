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
