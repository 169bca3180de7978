// The pieces under the bank file layouts: GBK encoding built from Node's decoder, exact amounts both ways, the
// bank's dates and times, which accounts are at the payer's bank, and the layout schema's refusals.
import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from '../../shared/bank/files/amounts.ts';
import { sameBank } from '../../shared/bank/files/cross-bank.ts';
import { decodeGbk, encodeGbk, GbkError, gbkLength, unencodableInGbk } from '../../shared/bank/files/gbk.ts';
import {
  BANK_FILE_LAYOUTS,
  BankFileError,
  bankFileLayout,
  bankTime,
  parseBankFileLayout,
} from '../../shared/bank/files/index.ts';

describe('GBK', () => {
  it('encodes 中 as D6 D0 and a company name as two bytes a character', () => {
    expect([...encodeGbk('中')]).toEqual([0xd6, 0xd0]);
    const name = '定南县赣锋锂业有限公司';
    expect(encodeGbk(name)).toHaveLength(22);
    expect(gbkLength(name)).toBe(22);
    expect(gbkLength('ABC 123')).toBe(7);
  });

  it.each([
    '定南县赣锋锂业有限公司',
    '江西（定南）稀土新材料有限公司',
    '定南县ＡＢＣ１２３商贸有限公司、分公司',
    '账号 6222020200112233445，金额 1,234.56 元',
    '鑫淼犇骉·龘',
  ])('round-trips %s through GBK', (text) => {
    expect(decodeGbk(encodeGbk(text), true)).toBe(text);
  });

  it('refuses a character outside GBK, naming it', () => {
    expect(unencodableInGbk('赣锋😀锂业')).toBe('😀');
    expect(gbkLength('赣锋😀')).toBeUndefined();
    expect(() => encodeGbk('赣锋😀锂业')).toThrow(GbkError);
    expect(() => encodeGbk('赣锋😀锂业')).toThrow('😀');
    // Private-use code points (GBK's user-defined areas) show as nothing at the bank: refused too.
    expect(unencodableInGbk('\ue000')).toBe('\ue000');
  });
});

describe('amounts', () => {
  it('formats integer fen as yuan by string arithmetic', () => {
    expect(formatAmount(123_456, 'yuan')).toBe('1234.56');
    expect(formatAmount(5, 'yuan')).toBe('0.05');
    expect(formatAmount(50, 'yuan')).toBe('0.50');
    expect(formatAmount(100, 'yuan')).toBe('1.00');
    expect(formatAmount(0, 'yuan')).toBe('0.00');
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'yuan')).toBe('90071992547409.91');
    expect(formatAmount(123_456, 'fen')).toBe('123456');
    expect(() => formatAmount(1.5, 'yuan')).toThrow(RangeError);
    expect(() => formatAmount(-1, 'fen')).toThrow(RangeError);
  });

  it.each([
    ['1234.56', 123_456],
    ['1234.5', 123_450],
    ['1234', 123_400],
    [' 0.05 ', 5],
    ['0.1', 10],
    ['007.00', 700],
    ['1,234.56', 123_456],
    ['12,345,678.90', 1_234_567_890],
  ])('reads yuan %j as %i fen', (text, fen) => {
    expect(parseAmount(text, 'yuan')).toBe(fen);
  });

  it.each([
    '1234.567',
    '0.001',
    '12,34.00',
    '1,2345.00',
    '-1.00',
    '+1.00',
    '',
    '1.',
    '.5',
    '１２３',
    '1e3',
    '99999999999999999',
  ])('refuses yuan %j', (text) => {
    expect(parseAmount(text, 'yuan')).toBeUndefined();
  });

  it('reads fen as a whole number only', () => {
    expect(parseAmount('000000000123456', 'fen')).toBe(123_456);
    expect(parseAmount('1.00', 'fen')).toBeUndefined();
    expect(parseAmount('1,000', 'fen')).toBeUndefined();
  });
});

describe('bank times', () => {
  it.each([
    ['20261201', '2026-12-01'],
    ['2026-12-01', '2026-12-01'],
    ['2026/12/01', '2026-12-01'],
    ['20261201103000', '2026-12-01T10:30:00+08:00'],
    ['2026-12-01 10:30:00', '2026-12-01T10:30:00+08:00'],
    ['2026-12-01T10:30:00', '2026-12-01T10:30:00+08:00'],
  ])('reads %j as %j', (text, iso) => {
    expect(bankTime(text)).toBe(iso);
  });

  it.each(['20261301', '2026-02-30', '2026-12-01 24:00:00', '12/01/2026', '昨天'])('refuses %j', (text) => {
    expect(bankTime(text)).toBeUndefined();
  });
});

describe('same bank or another', () => {
  it('compares the CNAPS codes’ bank part, else the banks’ names', () => {
    expect(sameBank({ bankCode: '102428000123' }, { bankCode: '102428000456' })).toBe(true);
    expect(sameBank({ bankCode: '102428000123' }, { bankCode: '105428000789' })).toBe(false);
    expect(sameBank({ bankName: '中国工商银行股份有限公司定南支行' }, { bankName: '工商银行赣州分行' })).toBe(
      true,
    );
    expect(sameBank({ bankName: '中国工商银行定南支行' }, { bankName: '中国银行定南支行' })).toBe(false);
    expect(sameBank({ bankName: '中国银行定南支行' }, { bankName: '中国银行赣州分行' })).toBe(true);
    expect(sameBank({ bankName: '中国工商银行定南支行' }, {})).toBeUndefined();
  });
});

describe('the layout schema', () => {
  it('accepts the shipped layouts', () => {
    expect(Object.keys(BANK_FILE_LAYOUTS).sort()).toEqual(['fixed-gbk', 'generic', 'icbc-batch-xlsx']);
    const formats = Object.values(BANK_FILE_LAYOUTS).map((layout) => `${layout.format}/${layout.encoding}`);
    expect(formats.sort()).toEqual(['csv/utf-8', 'fixed/gbk', 'xlsx/utf-8']);
  });

  it('refuses a fixed-width layout without widths, and a payment file without an amount', () => {
    const fixed = structuredClone(BANK_FILE_LAYOUTS['fixed-gbk']);
    const broken = {
      ...fixed,
      payment: {
        ...fixed?.payment,
        columns: fixed?.payment.columns
          .filter((column) => column.field !== 'amount')
          .map(({ width, ...column }) => column),
      },
    };
    const result = bankFileLayout.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toContain('定长格式的每一列都要有宽度');
    expect(messages).toContain('付款文件缺少列：amount');
  });

  it('refuses an outcome a kind of file cannot have', () => {
    const generic = structuredClone(BANK_FILE_LAYOUTS.generic);
    const result = bankFileLayout.safeParse({
      ...generic,
      result: { ...generic?.result, outcomes: { 成功: 'paid', 借: 'debit' } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['result', 'outcomes', '借']);
  });

  it('refuses a county’s layout with the path of each wrong field', () => {
    const layout = { ...structuredClone(BANK_FILE_LAYOUTS.generic), separator: ';', amount: 'jiao' };
    let error: unknown;
    try {
      parseBankFileLayout(layout);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BankFileError);
    expect((error as BankFileError).code).toBe('LAYOUT_INVALID');
    expect((error as BankFileError).message).toMatch(/^银行文件版式不符合要求：separator：.*；amount：/);
    expect(parseBankFileLayout(structuredClone(BANK_FILE_LAYOUTS['fixed-gbk']))).toEqual(
      BANK_FILE_LAYOUTS['fixed-gbk'],
    );
  });
});
