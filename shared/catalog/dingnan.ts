// Dingnan county's 2022 catalog (定南县第一批惠企政策兑现事项清单), read from the TSV shipped with the code.
import type { EligibilityRules } from '../eligibility.ts';
import type { Channel, Department, Guide, Mode, Policy } from './types.ts';
import { CHANNELS, DEFAULT_TIME_LIMITS, MODES } from './types.ts';

export const DINGNAN_DIVISION_CODE = '360728';

/** The work plan that set up the catalog (定府办字〔2022〕9号), dated 2022-03-24. */
const BASIS =
  '定南县人民政府办公室关于印发定南县惠企政策兑现“线上一网 线下一窗”改革工作方案的通知（定府办字〔2022〕9号）';
const PLAN_DATE = '2022-03-24';

/**
 * Tags an item's name implies (入规, 高新技术企业, …), so matching works before departments refine their rules.
 * The list publishes names only; amounts and finer criteria are the owning department's to add as a new version.
 */
const TAGS_BY_KEYWORD: [RegExp, string][] = [
  [/入规/, '入规'],
  [/高新技术企业/, '高新技术企业'],
  [/首发上市|境内.*上市/, '拟上市'],
  [/新三板/, '新三板'],
  [/旅游|景区|饭店|民宿|旅行社/, '文旅'],
  [/出口|国际市场|跨境电子商务/, '外贸'],
  [/服务外包/, '服务外包'],
  [/电子信息/, '电子信息'],
];

const MATERIALS: Record<Mode, Guide['materials']> = {
  auto: [],
  instant: [
    { name: '申请表', required: true },
    { name: '营业执照', required: true },
    { name: '符合条件的证明材料', required: true },
  ],
  review: [
    { name: '申请表', required: true },
    { name: '营业执照', required: true },
    { name: '信用承诺书', required: true },
    { name: '项目佐证材料', required: true },
    { name: '其他补充材料', required: false },
  ],
};

/** The guide a listed item starts with: the plan as basis, the seeds' time limits, tags implied by its name. */
function defaultGuide(
  divisionCode: string,
  groupName: string,
  name: string,
  mode: Mode,
  channel: Channel,
): Guide {
  const tags = [...new Set(TAGS_BY_KEYWORD.filter(([keyword]) => keyword.test(name)).map(([, tag]) => tag))];
  const rules: EligibilityRules = {
    divisionCodes: [divisionCode],
    ...(tags.length ? { anyTags: tags } : {}),
  };
  return {
    groupName,
    name,
    mode,
    channel,
    basis: BASIS,
    eligibility: { text: `在本县依法登记、符合“${name}”条件的企业`, rules },
    materials: MATERIALS[mode],
    timeLimits: DEFAULT_TIME_LIMITS[mode],
    // Quanzhou's flow announces reviewed awards before payout (公示); five working days is the usual term.
    announcementDays: mode === 'review' ? 5 : 0,
    effectiveFrom: PLAN_DATE,
  };
}

/** Department ids are short pinyin initials, stable across catalog versions, prefixed by the division. */
export const DEPARTMENT_IDS: Record<string, string> = {
  县统计局: 'tjj',
  县工信局: 'gxj',
  县金融服务中心: 'jrfwzx',
  县教科体局: 'jktj',
  县市监局: 'scjgj',
  县商务局: 'swj',
  县文广新旅局: 'wgxlj',
  县科协: 'kx',
  县人社局: 'rsj',
};

export const departmentId = (divisionCode: string, code: string) => `${divisionCode}-${code}`;
export const policyId = (divisionCode: string, seq: number) =>
  `${divisionCode}-${String(seq).padStart(3, '0')}`;

export interface Catalog {
  departments: Department[];
  policies: Policy[];
}

const oneOf = <T extends string>(allowed: readonly T[], value: string, line: number, column: string): T => {
  if (!allowed.includes(value as T))
    throw new Error(`catalog line ${line}: ${column} "${value}" is not one of ${allowed}`);
  return value as T;
};

/** Parses the catalog TSV (seq, department, main_item, sub_item, mode_zh, mode, channel_zh, channel). */
export function parseCatalogTsv(tsv: string, divisionCode = DINGNAN_DIVISION_CODE): Catalog {
  const lines = tsv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const departments = new Map<string, Department>();
  const policies = lines.slice(1).map((line, index): Policy => {
    const lineNo = index + 2;
    const [seq, departmentName, groupName, name, , mode, , channel] = line
      .split('\t')
      .map((cell) => cell.trim());
    if (!seq || !departmentName || !groupName || !name || !mode || !channel) {
      throw new Error(`catalog line ${lineNo}: expected 8 columns`);
    }
    const code = DEPARTMENT_IDS[departmentName];
    if (!code) throw new Error(`catalog line ${lineNo}: no department id for "${departmentName}"`);
    const department = { id: departmentId(divisionCode, code), name: departmentName, divisionCode };
    departments.set(department.id, department);
    return {
      id: policyId(divisionCode, Number(seq)),
      divisionCode,
      seq: Number(seq),
      ...defaultGuide(
        divisionCode,
        groupName,
        name,
        oneOf<Mode>(MODES, mode, lineNo, 'mode'),
        oneOf<Channel>(CHANNELS, channel, lineNo, 'channel'),
      ),
      departmentId: department.id,
      departmentName,
      status: 'published',
      version: 1,
      updatedAt: `${PLAN_DATE}T00:00:00.000Z`,
    };
  });
  return { departments: [...departments.values()], policies };
}
