// Finance's reconciliation report as Excel opens it: read back from the XLSX bytes, text a user typed never starts a
// formula, account numbers stay exact, and the CSV says the same.
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { reportCsv, reportXlsx } from '../../functions/finance/reconciliations.ts';
import { parseCsv } from '../../shared/csv.ts';
import type { Reconciliation } from '../../shared/reconciliations/reconciliation.ts';

const NOTE = '=HYPERLINK("http://example.invalid","点此核对")';
const ACCOUNT = '6228480000000000019';

const reconciliation: Reconciliation = {
  id: '360728-2026-03-01-2026-03-01-x',
  divisionCode: '360728',
  from: '2026-03-01',
  to: '2026-03-01',
  status: 'done',
  requestedBy: 'finance:finance-dingnan',
  requestedAt: '2026-03-02T01:00:00.000Z',
  discrepancies: [
    {
      seq: 1,
      type: 'extra_at_bank',
      paymentId: 'wl-stranger-00001',
      detail: '@银行多付 1,200.00 元',
      bank: [
        {
          paymentId: 'wl-stranger-00001',
          accountNo: ACCOUNT,
          accountName: '定南甲公司',
          amountFen: 120_000,
          outcome: 'settled',
          at: '2026-03-01T08:00:00.000Z',
        },
      ],
      resolution: { note: NOTE, by: '+finance', at: '2026-03-02T02:00:00.000Z' },
    },
  ],
};

describe('the reconciliation report', () => {
  it('opens in a spreadsheet with typed text inert, as text cells', async () => {
    // Act
    const rows = await readSheet(Buffer.from(await reportXlsx(reconciliation)), { trim: false });

    // Assess
    expect(rows[0]).toEqual([
      '对账期间 2026-03-01 至 2026-03-01',
      '状态 done',
      '差异 1 笔',
      ...Array(10).fill(null),
    ]);
    expect(rows[1]?.slice(0, 3)).toEqual(['序号', '差异类型', '支付单号']);
    const line = rows[2] ?? [];
    expect(line[0]).toBe('1');
    expect(line[5]).toBe('1200.00');
    expect(line[7]).toBe(ACCOUNT);
    expect(line[8]).toBe("'@银行多付 1,200.00 元");
    expect(line[10]).toBe(`'${NOTE}`);
    expect(line[11]).toBe("'+finance");
  });

  it('says the same in CSV', () => {
    // Act
    const [, line] = parseCsv(reportCsv(reconciliation).slice(1));

    // Assess
    expect(line?.[10]).toBe(`'${NOTE}`);
    expect(line?.[7]).toBe(ACCOUNT);
  });
});
