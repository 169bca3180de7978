// What makes a run's enterprises, accounts and references its own, so the demo can run again on the same data.
import { shanghaiDate } from '../../../shared/dates.ts';
import { usccCheckCharacter } from '../../../shared/uscc.ts';
import { DemoError } from './checks.ts';
import { DIVISION } from './fixtures.ts';
import { clock } from './labels.ts';

export interface RunIds {
  /** Human-readable, in references and file names: 20260612-1530457 (Beijing time, to a tenth of a second). */
  label: string;
  /** Six USCC characters for this run's enterprises. */
  code: string;
  /** Nine digits for this run's bank accounts. */
  digits: string;
}

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function runIdsAt(now: Date): RunIds {
  const tenths = Math.floor(now.getTime() / 100);
  let code = '';
  for (let rest = tenths % 31 ** 6, i = 0; i < 6; i++, rest = Math.floor(rest / 31))
    code = `${USCC_ALPHABET[rest % 31]}${code}`;
  const time = clock(now.toISOString()).replaceAll(':', '');
  return {
    label: `${shanghaiDate(now).replaceAll('-', '')}-${time}${tenths % 10}`,
    code,
    digits: String(tenths % 1_000_000_000).padStart(9, '0'),
  };
}

/** A valid USCC of this run: Dingnan's prefix, the run's code and a serial, then the GB 32100 check character. */
export function demoUscc(run: RunIds, serial: number): string {
  const body = `91${DIVISION}MA${run.code}${USCC_ALPHABET[serial % 31]}`;
  const checkCharacter = usccCheckCharacter(body);
  if (!checkCharacter) throw new DemoError(`无法生成统一社会信用代码：${body}`);
  return `${body}${checkCharacter}`;
}

/** How the simulated bank answers a transfer, by the account's last four digits (shared/bank/simulated.ts). */
const BANK_ANSWERS = {
  settled: '0001',
  /** Returned at once (销户). */
  returned: '4040',
  /** Settled, then sent back later (退汇, 冻结). */
  late_return: '4042',
} as const;

/** A 19-digit account of this run, ending in what the simulated bank is to do with a transfer to it. */
export function demoAccount(
  run: RunIds,
  serial: number,
  answer: keyof typeof BANK_ANSWERS = 'settled',
): string {
  return `6217${run.digits}${String(serial).padStart(2, '0')}${BANK_ANSWERS[answer]}`;
}
