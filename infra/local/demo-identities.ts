// The people one can sign in as on one machine: the local OpenID provider's accounts, shown on its sign-in page.
import { DEPARTMENT_IDS, DINGNAN_DIVISION_CODE, departmentId } from '../../shared/catalog/dingnan.ts';
import type { Role } from '../../shared/principal.ts';
import type { MintClaims } from './issuer.ts';

export interface DemoIdentity {
  /**
   * The account id at the OpenID provider, and so the ID token's `sub`: the same as the access token's `sub`, except
   * for a head, who is another person than the department whose `sub` it acts under.
   */
  id: string;
  /** The heading the sign-in page lists it under. */
  group: string;
  /** The token's claims, as `npm run token` would mint them. */
  claims: MintClaims & { role: Role; name: string };
}

const DIVISION = DINGNAN_DIVISION_CODE;

/** Staff act within the county; department and agency ids carry it as their prefix too. */
const staff = (role: Role, sub: string, name: string, position?: 'head') => ({
  role,
  sub,
  name,
  division: DIVISION,
  ...(position ? { position } : {}),
});

/** Registered in Dingnan (characters 3–8 are 360728), with valid check characters; the names are made up. */
const ENTERPRISES = [
  { uscc: '91360728MA3DN0QY13', name: '定南县示例稀土新材料有限公司' },
  { uscc: '91360728MA3DN0QY26', name: '定南县示例文旅发展有限公司' },
];

/** The joint-review agencies of DOMAIN's list: dishonesty, organised crime, environment, work safety. */
const AGENCIES = [
  { code: 'credit', name: '县发展改革委（失信名单）' },
  { code: 'police', name: '县公安局（涉黑涉恶）' },
  { code: 'env', name: '县生态环境局（环境违法）' },
  { code: 'safety', name: '县应急管理局（安全生产违法）' },
];

/** Every identity, in the order the sign-in page lists them. */
export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  ...ENTERPRISES.map(({ uscc, name }) => ({
    id: uscc,
    group: '企业',
    claims: { role: 'enterprise' as const, sub: uscc, name },
  })),
  {
    id: 'window-01',
    group: '专窗',
    claims: staff('window', 'window-01', '县政务服务中心惠企政策兑现专窗'),
  },
  // The catalog's own departments, so every policy item has someone to review it.
  ...Object.entries(DEPARTMENT_IDS).map(([name, code]) => ({
    id: departmentId(DIVISION, code),
    group: '政策主管部门',
    claims: staff('department', departmentId(DIVISION, code), name),
  })),
  {
    id: `${departmentId(DIVISION, 'swj')}-head`,
    group: '政策主管部门',
    claims: staff('department', departmentId(DIVISION, 'swj'), '县商务局负责人（接收督办）', 'head'),
  },
  ...AGENCIES.map(({ code, name }) => ({
    id: departmentId(DIVISION, code),
    group: '联审部门',
    claims: staff('agency', departmentId(DIVISION, code), name),
  })),
  {
    id: 'payer-dingnan',
    group: '兑付与财政',
    claims: staff('payer', 'payer-dingnan', '县行政审批局（资金池兑付）'),
  },
  { id: 'finance-dingnan', group: '兑付与财政', claims: staff('finance', 'finance-dingnan', '县财政局') },
  { id: 'admin-dingnan', group: '平台管理', claims: staff('admin', 'admin-dingnan', '平台管理员') },
];

export function demoIdentity(id: string): DemoIdentity | undefined {
  return DEMO_IDENTITIES.find((identity) => identity.id === id);
}
