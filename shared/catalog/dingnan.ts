// Dingnan county's 2022 catalog (定南县第一批惠企政策兑现事项清单), read from the TSV shipped with the code.
import type { Channel, Department, Mode, Policy } from './types.ts';
import { CHANNELS, MODES } from './types.ts';

export const DINGNAN_DIVISION_CODE = '360728';

/** Department ids are short pinyin initials, stable across catalog versions, prefixed by the division. */
const DEPARTMENT_IDS: Record<string, string> = {
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
      groupName,
      name,
      mode: oneOf<Mode>(MODES, mode, lineNo, 'mode'),
      channel: oneOf<Channel>(CHANNELS, channel, lineNo, 'channel'),
      departmentId: department.id,
      departmentName,
      status: 'published',
      version: 1,
    };
  });
  return { departments: [...departments.values()], policies };
}
