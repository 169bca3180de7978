// Which bank a deployment pays through, from its context, checked before anything is built: a stage other than dev
// must name the file exchange, its layout and its payer accounts, so production can never pay into the simulated
// bank's void. Dev pays through the simulated bank unless told otherwise.
import { readFileSync } from 'node:fs';
import {
  BANK_ADAPTERS,
  type BankAdapter,
  DEFAULT_CUT_OFFS,
  layoutOf,
  parseCutOffs,
  payerAccounts,
} from '../../shared/bank/config.ts';
import { BANK_FILE_LAYOUTS } from '../../shared/bank/files/index.ts';

/** A deployment choice that cannot be built; the CLI prints its message alone. */
export class DeploymentChoiceError extends Error {
  override name = 'DeploymentChoiceError';
}

export interface BankContext {
  stage: string;
  divisionCode: string;
  /** `simulated` or `file`. */
  bank?: string;
  /** A shipped layout's id, or the path of a county's own layout (JSON). */
  bankLayout?: string;
  /** JSON: the payer account of each division, `{"360728":{"bankName","accountNo","accountName","bankCode"}}`. */
  bankPayerAccounts?: string;
  /** Beijing times, comma-separated: `10:00,15:00`. */
  bankCutOffs?: string;
}

/** The functions' bank settings (BANK_ADAPTER, BANK_LAYOUT, BANK_PAYER_ACCOUNTS, BANK_CUT_OFFS). */
export type BankEnvironment = Record<
  'BANK_ADAPTER' | 'BANK_LAYOUT' | 'BANK_PAYER_ACCOUNTS' | 'BANK_CUT_OFFS',
  string
>;

const HOW =
  '-c bank=file -c bankLayout=<' +
  `${Object.keys(BANK_FILE_LAYOUTS).join('|')}|县自定义版式.json> -c bankPayerAccounts='{"<区划>":{"bankName":…,"accountNo":…,"accountName":…,"bankCode":…}}'`;

/** The dev stage's payer account: the local platform's, for the simulated bank and a local file exchange. */
const devPayer = (divisionCode: string) => ({
  [divisionCode]: {
    bankName: '中国工商银行定南支行',
    accountNo: '1510200009000000001',
    accountName: '定南县财政局惠企资金专户',
    bankCode: '102428000018',
  },
});

export function bankEnvironment(context: BankContext): BankEnvironment {
  const dev = context.stage === 'dev';
  const adapter = (context.bank || (dev ? 'simulated' : '')) as BankAdapter | '';
  if (!adapter)
    throw new DeploymentChoiceError(
      `阶段 ${context.stage} 须指定兑付银行与代发文件版式 / stage ${context.stage} must name its bank: ${HOW}`,
    );
  if (!BANK_ADAPTERS.includes(adapter as BankAdapter))
    throw new DeploymentChoiceError(
      `bank=${adapter} 不是 ${BANK_ADAPTERS.join('、')} 之一 / is not one of them`,
    );
  if (adapter === 'simulated' && !dev)
    throw new DeploymentChoiceError(
      `模拟银行不付款，只用于 dev 阶段 / the simulated bank pays nobody and is for the dev stage only: ${HOW}`,
    );
  if (!dev && (!context.bankLayout || !context.bankPayerAccounts))
    throw new DeploymentChoiceError(
      `阶段 ${context.stage} 须给出代发文件版式与付款账户 / stage ${context.stage} needs the layout and the payer accounts: ${HOW}`,
    );
  const layout = readLayout(context.bankLayout ?? 'generic');
  const payers = readPayers(context.bankPayerAccounts, context.divisionCode);
  let cutOffs: string[];
  try {
    cutOffs = parseCutOffs(context.bankCutOffs ?? DEFAULT_CUT_OFFS.join(','));
  } catch (error) {
    throw new DeploymentChoiceError(`bankCutOffs：${(error as Error).message}`);
  }
  return {
    BANK_ADAPTER: adapter,
    BANK_LAYOUT: layout,
    BANK_PAYER_ACCOUNTS: JSON.stringify(payers),
    BANK_CUT_OFFS: cutOffs.join(','),
  };
}

/** A shipped layout stays its id; a county's own file is checked and carried as its JSON. */
function readLayout(setting: string): string {
  const own = setting.endsWith('.json');
  try {
    const text = own ? readFileSync(setting, 'utf8') : setting;
    const layout = layoutOf(text);
    return own ? JSON.stringify(layout) : layout.id;
  } catch (error) {
    throw new DeploymentChoiceError(`bankLayout=${setting}：${(error as Error).message}`);
  }
}

function readPayers(setting: string | undefined, divisionCode: string) {
  if (!setting) return devPayer(divisionCode);
  let parsed: unknown;
  try {
    parsed = JSON.parse(setting);
  } catch {
    throw new DeploymentChoiceError('bankPayerAccounts 须为 JSON / must be JSON');
  }
  const payers = payerAccounts.safeParse(parsed);
  if (!payers.success || Object.keys(payers.data).length === 0)
    throw new DeploymentChoiceError(
      `bankPayerAccounts 不完整 / incomplete: ${payers.success ? '没有任何区划' : payers.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  return payers.data;
}
