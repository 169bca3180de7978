// Bank file layouts end to end: each shipped layout writes a payment file the bank's import reads back field for
// field (Chinese names, yuan or fen, GBK bytes, exact widths, the same bytes every time), refuses a line it cannot
// write, and reads the bank's result, return and statement files — a bad line set aside, a file of another layout
// refused whole.
import { describe, expect, it } from 'vitest';
import {
  BANK_FILE_LAYOUTS,
  BankFileError,
  type BankFileLayout,
  bankFileLayout,
  encodeGbk,
  type PaymentFile,
  readBankFile,
  writePaymentFile,
} from '../../shared/bank/files/index.ts';
import { bankResultFile, readPaymentFileBack } from '../support/bank-files.ts';

const layout = (id: string): BankFileLayout => {
  const found = BANK_FILE_LAYOUTS[id];
  if (!found) throw new Error(`no layout ${id}`);
  return found;
};
const generic = layout('generic');
const icbc = layout('icbc-batch-xlsx');
const fixed = layout('fixed-gbk');

const FILE: PaymentFile = {
  fileNo: 'PF20261201001',
  payer: {
    accountNo: '1510200009000012345',
    accountName: '定南县财政局',
    bankName: '中国工商银行股份有限公司定南支行',
    bankCode: '102428000123',
  },
  createdAt: '2026-11-30T17:30:00Z',
  lines: [
    {
      reference: 'case-360728-2026-0001',
      payee: {
        accountNo: '1510200009000067890',
        accountName: '定南县赣锋锂业有限公司',
        bankName: '中国工商银行定南支行',
        bankCode: '102428000456',
      },
      amountFen: 123_456,
      purpose: '2026年度入规奖励',
    },
    {
      reference: 'wl-5f3a9c-2',
      payee: {
        accountNo: '36050182015400000123',
        accountName: '江西（定南）稀土新材料有限公司',
        bankName: '中国建设银行定南支行',
        bankCode: '105428000789',
      },
      amountFen: 5,
      purpose: '高新技术企业认定奖励',
    },
    {
      reference: 'wl-5f3a9c-3',
      payee: {
        accountNo: '14123401040001234',
        accountName: '定南县ＡＢＣ１２３商贸有限公司',
        bankName: '中国农业银行定南县支行',
        bankCode: '103428000111',
      },
      amountFen: 100_000_000,
      purpose: '稳岗补贴、社保补贴',
    },
  ],
};

const withLine = (change: (line: PaymentFile['lines'][number]) => void): PaymentFile => {
  const file = structuredClone(FILE);
  change(file.lines[1] as PaymentFile['lines'][number]);
  return file;
};

async function refusal(promise: Promise<unknown>): Promise<BankFileError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BankFileError);
  return error as BankFileError;
}

/** The GBK CSV many banks' TXT imports take: `|` between fields and after the last, no quotes. */
const pipeGbk = bankFileLayout.parse({
  ...generic,
  id: 'pipe-gbk',
  name: '竖线分隔文本（GBK）',
  encoding: 'gbk',
  separator: '|',
  quoting: 'none',
  trailingSeparator: true,
  bom: false,
  payment: { ...generic.payment, fileName: '{fileNo}.txt' },
});

describe('writing a payment file', () => {
  it('writes the generic layout as UTF-8 CSV with a BOM, a header and yuan', async () => {
    const written = await writePaymentFile(generic, FILE);

    expect(written.fileName).toBe('PF20261201001.csv');
    expect(written.contentType).toBe('text/csv; charset=utf-8');
    expect([...written.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const back = await readPaymentFileBack(generic, written.bytes);
    expect(back.header).toEqual(generic.payment.columns.map((column) => column.header));
    expect(back.lines).toEqual([
      [
        '1',
        'case-360728-2026-0001',
        '1510200009000067890',
        '定南县赣锋锂业有限公司',
        '中国工商银行定南支行',
        '102428000456',
        '1234.56',
        '2026年度入规奖励',
        '1510200009000012345',
      ],
      [
        '2',
        'wl-5f3a9c-2',
        '36050182015400000123',
        '江西（定南）稀土新材料有限公司',
        '中国建设银行定南支行',
        '105428000789',
        '0.05',
        '高新技术企业认定奖励',
        '1510200009000012345',
      ],
      [
        '3',
        'wl-5f3a9c-3',
        '14123401040001234',
        '定南县ＡＢＣ１２３商贸有限公司',
        '中国农业银行定南县支行',
        '103428000111',
        '1000000.00',
        '稳岗补贴、社保补贴',
        '1510200009000012345',
      ],
    ]);
    expect(new TextDecoder().decode(written.bytes)).toMatch(/\r\n$/);
  });

  it('writes the ICBC layout as an XLSX sheet of text cells, 工行 for ICBC payees and the bank for others', async () => {
    const written = await writePaymentFile(icbc, FILE);

    expect(written.fileName).toBe('批量支付-PF20261201001.xlsx');
    expect(written.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const back = await readPaymentFileBack(icbc, written.bytes);
    expect(back.header).toEqual([
      '付款账号开户行',
      '付款账号',
      '付款账号名称',
      '收款账号开户行',
      '省份名',
      '城市名',
      '收款账号',
      '收款账号名称',
      '金额',
      '汇款用途',
      '备注',
      '短信通知手机号码',
    ]);
    expect(
      back.fields.map((line) => [
        line.crossBank,
        line.payeeAccountNo,
        line.payeeAccountName,
        line.amount,
        line.reference,
      ]),
    ).toEqual([
      ['工行', '1510200009000067890', '定南县赣锋锂业有限公司', '1234.56', 'case-360728-2026-0001'],
      [
        '中国建设银行定南支行',
        '36050182015400000123',
        '江西（定南）稀土新材料有限公司',
        '0.05',
        'wl-5f3a9c-2',
      ],
      [
        '中国农业银行定南县支行',
        '14123401040001234',
        '定南县ＡＢＣ１２３商贸有限公司',
        '1000000.00',
        'wl-5f3a9c-3',
      ],
    ]);
    expect(back.fields[0]).toMatchObject({
      payerBankName: '中国工商银行股份有限公司定南支行',
      payerAccountName: '定南县财政局',
    });
  });

  it('writes the fixed-width GBK layout: a summary line, columns padded to their bytes, fen', async () => {
    const written = await writePaymentFile(fixed, FILE);

    expect(written.fileName).toBe('PAY20261201PF20261201001.txt');
    expect(written.contentType).toBe('text/plain; charset=gbk');
    const lines: Uint8Array[] = [];
    let from = 0;
    for (let at = written.bytes.indexOf(0x0a); at >= 0; at = written.bytes.indexOf(0x0a, from)) {
      expect(written.bytes[at - 1]).toBe(0x0d);
      lines.push(written.bytes.subarray(from, at - 1));
      from = at + 1;
    }
    expect(from).toBe(written.bytes.length);
    const summaryWidth = (fixed.payment.summary ?? []).reduce((sum, column) => sum + (column.width ?? 0), 0);
    const lineWidth = fixed.payment.columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
    expect(lines.map((line) => line.length)).toEqual([summaryWidth, lineWidth, lineWidth, lineWidth]);
    expect([summaryWidth, lineWidth]).toEqual([81, 293]);
    // 中 of 中国工商银行 in GBK, in the payee bank's column of the first line (6+32+32+64+12 bytes in).
    expect([...(lines[1] as Uint8Array).subarray(146, 148)]).toEqual([0xd6, 0xd0]);

    const back = await readPaymentFileBack(fixed, written.bytes);
    // Shanghai's 1 December, though the instant is 30 November in UTC.
    expect(back.summary).toEqual([
      'PF20261201001',
      '20261201',
      '1510200009000012345',
      '000003',
      '000000100123461',
    ]);
    expect(back.lines[0]).toEqual([
      '000001',
      'case-360728-2026-0001',
      '1510200009000067890',
      '定南县赣锋锂业有限公司',
      '102428000456',
      '中国工商银行定南支行',
      '0',
      'CNY',
      '000000000123456',
      '2026年度入规奖励',
    ]);
    expect(back.fields.map((line) => [line.crossBank, line.amount, line.payeeAccountName])).toEqual([
      ['0', '000000000123456', '定南县赣锋锂业有限公司'],
      ['1', '000000000000005', '江西（定南）稀土新材料有限公司'],
      ['1', '000000100000000', '定南县ＡＢＣ１２３商贸有限公司'],
    ]);
  });

  it('writes a GBK file separated by | with a trailing separator', async () => {
    const written = await writePaymentFile(pipeGbk, FILE);

    const text = new TextDecoder('gbk').decode(written.bytes);
    expect(text.split('\r\n')[2]).toBe(
      '2|wl-5f3a9c-2|36050182015400000123|江西（定南）稀土新材料有限公司|中国建设银行定南支行|105428000789|0.05|高新技术企业认定奖励|1510200009000012345|',
    );
    expect((await readPaymentFileBack(pipeGbk, written.bytes)).fields[2]?.payeeAccountName).toBe(
      '定南县ＡＢＣ１２３商贸有限公司',
    );
  });

  it.each([generic, icbc, fixed, pipeGbk])(
    'writes the same bytes for the same payments ($id)',
    async (layout) => {
      const first = await writePaymentFile(layout, FILE);
      const second = await writePaymentFile(layout, structuredClone(FILE));
      expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      expect(second.fileName).toBe(first.fileName);
    },
  );

  it('quotes a name holding a comma in the generic CSV, which reads it back whole', async () => {
    const written = await writePaymentFile(
      generic,
      withLine((line) => {
        line.payee.accountName = '定南县甲,乙"联合"公司';
      }),
    );
    expect(new TextDecoder().decode(written.bytes)).toContain('"定南县甲,乙""联合""公司"');
    expect((await readPaymentFileBack(generic, written.bytes)).fields[1]?.payeeAccountName).toBe(
      '定南县甲,乙"联合"公司',
    );
  });
});

describe('refusing a payment file line that cannot be written', () => {
  it('refuses the separator in a field where the layout writes no quotes', async () => {
    const error = await refusal(
      writePaymentFile(
        pipeGbk,
        withLine((line) => {
          line.payee.accountName = '定南县甲|乙公司';
        }),
      ),
    );
    expect(error.code).toBe('SEPARATOR_IN_FIELD');
    expect(error.status).toBe(422);
    expect(error.message).toContain('第 2 笔（wl-5f3a9c-2）的“收款户名”含分隔符“|”');
    expect(error.details).toMatchObject({ line: 2, reference: 'wl-5f3a9c-2', field: 'payeeAccountName' });
  });

  it.each([generic, icbc, fixed])('refuses a line break in a name ($id)', async (layout) => {
    const error = await refusal(
      writePaymentFile(
        layout,
        withLine((line) => {
          line.purpose = '奖励\r\n补贴';
        }),
      ),
    );
    expect(error.code).toBe('LINE_BREAK_IN_FIELD');
  });

  it('refuses a name longer than its fixed width in GBK bytes', async () => {
    const name = `${'赣'.repeat(30)}有限公司`; // 34 characters, 68 bytes in a 64-byte column
    const error = await refusal(
      writePaymentFile(
        fixed,
        withLine((line) => {
          line.payee.accountName = name;
        }),
      ),
    );
    expect(error.code).toBe('FIELD_TOO_LONG');
    expect(error.message).toContain('长 68 字节，银行格式最多 64 字节');
    // 32 Chinese characters are exactly 64 bytes: written.
    await expect(
      writePaymentFile(
        fixed,
        withLine((line) => {
          line.payee.accountName = '赣'.repeat(32);
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('refuses a character GBK cannot encode', async () => {
    const error = await refusal(
      writePaymentFile(
        fixed,
        withLine((line) => {
          line.payee.accountName = '定南县😀科技有限公司';
        }),
      ),
    );
    expect(error.code).toBe('CHARACTER_NOT_ENCODABLE');
    expect(error.details).toMatchObject({ line: 2, character: '😀', field: 'payeeAccountName' });
    // UTF-8 writes it.
    await expect(
      writePaymentFile(
        generic,
        withLine((line) => {
          line.payee.accountName = '定南县😀科技有限公司';
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('refuses a payee at another bank without a bank code where the layout needs one', async () => {
    const error = await refusal(
      writePaymentFile(
        fixed,
        withLine((line) => {
          line.payee.bankCode = undefined;
        }),
      ),
    );
    expect(error.code).toBe('BANK_CODE_REQUIRED');
    expect(error.message).toContain('联行号');
    // A payee at the payer's own bank needs none; nor does a layout that does not ask for it.
    const sameBank = structuredClone(FILE);
    (sameBank.lines[0] as PaymentFile['lines'][number]).payee.bankCode = undefined;
    await expect(writePaymentFile(fixed, sameBank)).resolves.toBeDefined();
    await expect(
      writePaymentFile(
        generic,
        withLine((line) => {
          line.payee.bankCode = undefined;
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('refuses a layout telling 本行 from 他行 when the payer’s bank is unknown', async () => {
    const file = {
      ...structuredClone(FILE),
      payer: { accountNo: '1510200009000012345', accountName: '定南县财政局' },
    };
    expect((await refusal(writePaymentFile(icbc, file))).code).toBe('PAYER_BANK_REQUIRED');
  });

  it.each([
    { layout: generic, amountFen: 0 },
    { layout: generic, amountFen: -100 },
    // The fixed layout's summary line adds the amounts first: a bad one is refused before it is summed.
    { layout: fixed, amountFen: 12.5 },
    { layout: fixed, amountFen: Number.NaN },
  ])('refuses an amount of $amountFen fen ($layout.id)', async ({ layout, amountFen }) => {
    const error = await refusal(
      writePaymentFile(
        layout,
        withLine((line) => {
          line.amountFen = amountFen;
        }),
      ),
    );
    expect(error.code).toBe('AMOUNT_INVALID');
  });

  it('refuses an empty account name, an empty file and a reference twice', async () => {
    expect(
      (
        await refusal(
          writePaymentFile(
            generic,
            withLine((line) => {
              line.payee.accountName = ' ';
            }),
          ),
        )
      ).code,
    ).toBe('FIELD_EMPTY');
    expect((await refusal(writePaymentFile(generic, { ...FILE, lines: [] }))).code).toBe('FILE_EMPTY');
    const twice = withLine((line) => {
      line.reference = 'case-360728-2026-0001';
    });
    expect((await refusal(writePaymentFile(generic, twice))).code).toBe('REFERENCE_DUPLICATE');
    // ICBC's 收款账号开户行 names the other bank: a payee at another bank without a bank name cannot be written.
    const noBank = withLine((line) => {
      line.payee.bankName = undefined;
      line.payee.bankCode = undefined;
    });
    const error = await refusal(writePaymentFile(icbc, noBank));
    expect([error.code, error.message]).toEqual([
      'FIELD_EMPTY',
      '第 2 笔（wl-5f3a9c-2）的“收款账号开户行”为空，请补全后重新生成',
    ]);
  });

  it.each([generic, icbc, fixed])('writes 10,000 lines ($id)', async (layout) => {
    const lines = Array.from({ length: 10_000 }, (_, index) => ({
      ...(FILE.lines[index % 3] as PaymentFile['lines'][number]),
      reference: `wl-5f3a9c-${index + 1}`,
      amountFen: 100 + index,
    }));
    const written = await writePaymentFile(layout, { ...FILE, lines });
    expect(written.bytes.length).toBeGreaterThan(100_000);
  });
});

const PAID = {
  reference: 'case-360728-2026-0001',
  amountFen: 123_456,
  accountNo: '1510200009000067890',
  accountName: '定南县赣锋锂业有限公司',
  at: '2026-12-01T10:30:00',
};
const REFUSED = {
  reference: 'wl-5f3a9c-2',
  amountFen: 5,
  accountNo: '36050182015400000123',
  accountName: '江西（定南）稀土新材料有限公司',
  at: '2026-12-01T10:31:05',
};

describe.each([generic, icbc, fixed, pipeGbk])('reading the bank’s files ($id)', (layout) => {
  const hasTime = (kind: 'result' | 'return' | 'statement') =>
    layout[kind]?.columns.some((column) => column.field === 'at');
  const hasName = (kind: 'result' | 'return' | 'statement') =>
    layout[kind]?.columns.some((column) => column.field === 'accountName');
  const day = (at: string) => at.slice(0, 10);

  it('reads a result file: paid, refused with the bank’s reason, and an unreadable line set aside', async () => {
    const bytes = await bankResultFile(layout, 'result', [
      { ...PAID, outcome: 'paid' },
      { ...REFUSED, outcome: 'refused', reason: '户名与账号不符' },
      { ...PAID, reference: 'wl-5f3a9c-3', outcome: 'paid', text: { amount: '12.345' } },
      { ...PAID, reference: 'wl-5f3a9c-4', outcome: 'paid', text: { outcome: '处理中' } },
      { ...PAID, reference: '', outcome: 'paid' },
      { ...PAID, reference: 'wl-5f3a9c-6', amountFen: 1_000_000, outcome: 'refused', reason: '账户已销户' },
    ]);

    const read = await readBankFile(layout, 'result', bytes);

    const first = (layout.result?.skipLines ?? 0) + (layout.result?.header ? 2 : 1);
    expect(read.lines).toEqual([
      {
        line: first,
        reference: PAID.reference,
        amountFen: 123_456,
        outcome: 'paid',
        accountNo: PAID.accountNo,
        ...(hasName('result') ? { accountName: PAID.accountName } : {}),
        ...(hasTime('result') ? { at: '2026-12-01T10:30:00+08:00' } : {}),
      },
      {
        line: first + 1,
        reference: REFUSED.reference,
        amountFen: 5,
        outcome: 'refused',
        reason: '户名与账号不符',
        accountNo: REFUSED.accountNo,
        ...(hasName('result') ? { accountName: REFUSED.accountName } : {}),
        ...(hasTime('result') ? { at: '2026-12-01T10:31:05+08:00' } : {}),
      },
      expect.objectContaining({
        line: first + 5,
        reference: 'wl-5f3a9c-6',
        amountFen: 1_000_000,
        outcome: 'refused',
        reason: '账户已销户',
      }),
    ]);
    expect(read.refused.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: first + 2, code: 'AMOUNT_INVALID' },
      { line: first + 3, code: 'OUTCOME_UNKNOWN' },
      { line: first + 4, code: 'REFERENCE_EMPTY' },
    ]);
    expect(read.refused[0]?.message).toMatch(/“0*12\.345”/);
    expect(read.refused[1]?.message).toContain('“处理中”');
  });

  it('reads a return notice (退汇)', async () => {
    const bytes = await bankResultFile(layout, 'return', [
      { ...PAID, outcome: 'returned', reason: '收款账户已销户', at: '2026-12-03' },
      { ...REFUSED, outcome: 'returned', reason: '', at: '2026-12-03', text: { amount: '1234.5.6' } },
    ]);

    const read = await readBankFile(layout, 'return', bytes);

    expect(read.lines).toHaveLength(1);
    expect(read.lines[0]).toMatchObject({
      reference: PAID.reference,
      amountFen: 123_456,
      outcome: 'returned',
      reason: '收款账户已销户',
      at: '2026-12-03',
    });
    expect(read.refused).toEqual([expect.objectContaining({ code: 'AMOUNT_INVALID' })]);
  });

  it('reads a statement (对账单): debits and credits by the bank’s words', async () => {
    const bytes = await bankResultFile(layout, 'statement', [
      { ...PAID, outcome: 'debit' },
      { ...PAID, amountFen: 123_456, outcome: 'credit', at: '2026-12-03T09:00:00' },
      { ...REFUSED, outcome: 'debit', text: { at: '20261301' } },
    ]);

    const read = await readBankFile(layout, 'statement', bytes);

    expect(
      read.lines.map((line) => [
        line.reference,
        line.outcome,
        line.amountFen,
        line.accountName,
        line.at && day(line.at),
      ]),
    ).toEqual([
      [PAID.reference, 'debit', 123_456, PAID.accountName, '2026-12-01'],
      [PAID.reference, 'credit', 123_456, PAID.accountName, '2026-12-03'],
    ]);
    expect(read.refused.map((refused) => refused.code)).toEqual(['TIME_INVALID']);
  });

  it('refuses a file of another layout whole', async () => {
    const spec = layout.result;
    const other = layout.format === 'fixed' ? generic : fixed;
    const bytes = spec?.header
      ? await bankResultFile(layout, 'result', [{ ...PAID, outcome: 'paid' }], {
          header: spec.columns.map((column, index) => (index === 1 ? '账号' : (column.header ?? ''))),
        })
      : await bankResultFile(other, 'result', [{ ...PAID, outcome: 'paid' }]);

    const error = await refusal(readBankFile(layout, 'result', bytes));

    expect(error.code).toBe(spec?.header ? 'HEADER_MISMATCH' : 'LAYOUT_MISMATCH');
    expect(error.message).toContain(`版式“${layout.name}”不符`);
    if (spec?.header)
      expect(error.message).toContain(`第 2 列应为“${spec.columns[1]?.header}”，文件中为“账号”`);
  });
});

describe('reading files of the wrong shape', () => {
  it('refuses a file that is not a workbook for an XLSX layout', async () => {
    const error = await refusal(
      readBankFile(icbc, 'result', new TextEncoder().encode('业务参考号,金额\r\n')),
    );
    expect(error.code).toBe('FILE_UNREADABLE');
  });

  it('sets aside a fixed-width line of another width and one with bytes that are not GBK', async () => {
    const bytes = await bankResultFile(fixed, 'result', [
      { ...PAID, outcome: 'paid' },
      { ...REFUSED, outcome: 'refused', reason: '户名不符' },
    ]);
    const lines = new TextDecoder('gbk').decode(bytes).split('\r\n');
    const unreadable = encodeGbk(`${lines[2]}\r\n`);
    // A lead byte followed by a space, inside the reason's column (32 + 32 + 15 + 8 bytes in): not GBK.
    unreadable.set([0x81, 0x20], 90);
    const broken = new Uint8Array([...bytes, ...encodeGbk(`${lines[1]}XYZ\r\n`), ...unreadable]);

    const read = await readBankFile(fixed, 'result', broken);

    expect(read.lines).toHaveLength(2);
    expect(read.refused.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 4, code: 'LINE_WIDTH' },
      { line: 5, code: 'TEXT_UNREADABLE' },
    ]);
  });

  it('reads lines whose trailing padding the bank trimmed only where the layout says it does', async () => {
    const bytes = await bankResultFile(fixed, 'result', [{ ...PAID, outcome: 'paid' }]);
    const trimmed = encodeGbk(`${new TextDecoder('gbk').decode(bytes).replace(/ +\r\n/g, '\r\n')}\r\n\r\n`);

    const error = await refusal(readBankFile(fixed, 'result', trimmed));
    const read = await readBankFile(
      bankFileLayout.parse({ ...fixed, trimsLineEnds: true }),
      'result',
      trimmed,
    );

    expect(error.code).toBe('LAYOUT_MISMATCH');
    expect(error.message).toContain('每行应为 147 字节');
    expect(read).toEqual({
      lines: [expect.objectContaining({ reference: PAID.reference, outcome: 'paid' })],
      refused: [],
    });
  });

  it('reads thousands separators in a statement', async () => {
    const bytes = await bankResultFile(generic, 'statement', [
      { ...PAID, outcome: 'debit', text: { amount: '1,234.56' } },
    ]);
    expect((await readBankFile(generic, 'statement', bytes)).lines[0]?.amountFen).toBe(123_456);
  });

  it('refuses a kind the layout does not describe', async () => {
    const { statement: _, ...rest } = generic;
    const error = await refusal(readBankFile({ ...rest }, 'statement', new Uint8Array()));
    expect(error.code).toBe('KIND_NOT_IN_LAYOUT');
  });
});
