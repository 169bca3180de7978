// A bank's file template as data: how Huiqi writes a batch payment file (批量代发/批量转账) for the county's online
// banking and how it reads what the bank sends back (result, 退汇 notice, 对账单). A county whose bank uses another
// template adds a JSON file validated by this schema; no code changes.
import * as z from 'zod';

/** Fields of a payment file line, taken from the payment, the payee, the payer or the file. */
export const PAYMENT_FIELDS = [
  'reference',
  'payeeAccountNo',
  'payeeAccountName',
  'payeeBankName',
  'payeeBankCode',
  'amount',
  'purpose',
  'payerAccountNo',
  'payerAccountName',
  'payerBankName',
  'fileNo',
  'lineNo',
] as const;
export type PaymentField = (typeof PAYMENT_FIELDS)[number];

/** Fields of the summary line many templates put first (总笔数, 总金额, 文件编号, 付款账号). */
export const SUMMARY_FIELDS = [
  'count',
  'totalAmount',
  'fileNo',
  'payerAccountNo',
  'payerAccountName',
] as const;

/** Fields read from the bank's files. */
export const INCOMING_FIELDS = [
  'reference',
  'amount',
  'outcome',
  'reason',
  'accountNo',
  'accountName',
  'at',
  'ignore',
] as const;
export type IncomingField = (typeof INCOMING_FIELDS)[number];

export const INCOMING_KINDS = ['result', 'return', 'statement'] as const;
export type IncomingKind = (typeof INCOMING_KINDS)[number];
export const OUTCOMES = ['paid', 'refused', 'returned', 'debit', 'credit'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** What each kind of file can say about a payment. */
export const OUTCOMES_OF: Record<IncomingKind, readonly Outcome[]> = {
  result: ['paid', 'refused'],
  return: ['returned'],
  statement: ['debit', 'credit'],
};

export const DATE_FORMATS = ['YYYYMMDD', 'YYYY-MM-DD'] as const;
export const TIME_FORMATS = ['YYYYMMDD', 'YYYY-MM-DD', 'YYYYMMDDHHmmss', 'YYYY-MM-DD HH:mm:ss'] as const;

/** Where a column sits: its heading, its width and how it is filled. */
const placement = {
  /** The heading in the header row (CSV and XLSX with a header). */
  header: z.string().min(1).optional(),
  /** Fixed-width: the exact width; CSV and XLSX: the longest text the bank takes. GBK bytes, or UTF-8 characters. */
  width: z.int().positive().max(1000).optional(),
  /** Fixed-width: which side the text sits on (amounts usually right). */
  align: z.enum(['left', 'right']).default('left'),
  /** Fixed-width: the character that fills the rest of the width (a space, or 0 before amounts). */
  pad: z
    .string()
    .regex(/^[\x20-\x7e]$/, '填充字符应为一个半角字符')
    .default(' '),
};

const paymentColumn = z.discriminatedUnion('field', [
  z.object({ field: z.enum(PAYMENT_FIELDS), ...placement }),
  /** The same text on every line: a currency (CNY, 人民币), a transfer type, an empty column the bank ignores. */
  z.object({ field: z.enum(['constant', 'currency']), value: z.string(), ...placement }),
  /** 本行/他行 as the bank writes it, from the payee's bank against the payer's; `{payeeBankName}` is filled in. */
  z.object({ field: z.literal('crossBank'), sameBank: z.string(), otherBank: z.string(), ...placement }),
  /** The day the file was made (Asia/Shanghai). */
  z.object({ field: z.literal('date'), format: z.enum(DATE_FORMATS).default('YYYYMMDD'), ...placement }),
]);
export type PaymentColumn = z.output<typeof paymentColumn>;

const summaryColumn = z.discriminatedUnion('field', [
  z.object({ field: z.enum(SUMMARY_FIELDS), ...placement }),
  z.object({ field: z.literal('constant'), value: z.string(), ...placement }),
  z.object({ field: z.literal('date'), format: z.enum(DATE_FORMATS).default('YYYYMMDD'), ...placement }),
]);
export type SummaryColumn = z.output<typeof summaryColumn>;

const incomingColumn = z.object({
  field: z.enum(INCOMING_FIELDS),
  /** How the bank writes a time (`at`); any of these is read, this is how the simulated bank writes it. */
  timeFormat: z.enum(TIME_FORMATS).optional(),
  ...placement,
});
export type IncomingColumn = z.output<typeof incomingColumn>;

const incomingFile = z.object({
  /** Lines before the header or the first detail line (a title, the bank's summary line), not read. */
  skipLines: z.int().min(0).max(20).default(0),
  header: z.boolean().default(true),
  columns: z.array(incomingColumn).min(2),
  /** The bank's words for outcomes (成功, 处理失败, 借, 贷) and what each means to Huiqi. */
  outcomes: z.record(z.string().min(1), z.enum(OUTCOMES)).default({}),
  /** The outcome of every line, for a file without an outcome column (a 退汇 notice). */
  outcome: z.enum(OUTCOMES).optional(),
});
export type IncomingFile = z.output<typeof incomingFile>;

export const bankFileLayout = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, '版式编号应为小写字母、数字和连字符'),
    /** The name finance picks the layout by (通用格式, 工商银行批量支付). */
    name: z.string().min(1),
    /** What the layout is modelled on, and what a county must check against its own bank's current template. */
    note: z.string().optional(),
    format: z.enum(['csv', 'xlsx', 'fixed']),
    /** Text files only; an XLSX workbook is always UTF-8 inside. */
    encoding: z.enum(['utf-8', 'gbk']).default('utf-8'),
    lineEnding: z.enum(['crlf', 'lf']).default('crlf'),
    /** CSV: the separator between fields. */
    separator: z.enum([',', '|']).default(','),
    /** CSV: `rfc4180` quotes a field holding the separator; `none` refuses such a field (most bank TXT imports). */
    quoting: z.enum(['rfc4180', 'none']).default('rfc4180'),
    /** CSV: every line ends with the separator too (账号|户名|金额|), as many bank TXT files do. */
    trailingSeparator: z.boolean().default(false),
    /** Fixed-width: the bank's files may end a line without its last columns' padding (read as blank). */
    trimsLineEnds: z.boolean().default(false),
    /** UTF-8 text files: start with a byte-order mark, so Excel on Chinese Windows shows the Chinese. */
    bom: z.boolean().default(false),
    /** `yuan`: 1234.56; `fen`: 123456. */
    amount: z.enum(['yuan', 'fen']),
    payment: z.object({
      /** The file's name; `{fileNo}` and `{date}` (YYYYMMDD) are filled in. */
      fileName: z.string().regex(/^[^/\\]+$/),
      /** XLSX: the sheet's name. */
      sheetName: z.string().min(1).max(31).default('Sheet1'),
      summary: z.array(summaryColumn).min(1).optional(),
      header: z.boolean().default(true),
      columns: z.array(paymentColumn).min(2),
      /** The bank takes a payment to another bank only with the payee's CNAPS bank code (联行号). */
      crossBankNeedsBankCode: z.boolean().default(false),
    }),
    result: incomingFile.optional(),
    return: incomingFile.optional(),
    statement: incomingFile.optional(),
  })
  .superRefine((layout, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const files = [
      ['payment', layout.payment] as const,
      ...INCOMING_KINDS.flatMap((kind) => (layout[kind] ? [[kind, layout[kind]] as const] : [])),
    ];
    for (const [name, file] of files) {
      const columns: { header?: string; width?: number }[] = file.columns;
      columns.forEach((column, index) => {
        if (layout.format === 'fixed' && column.width === undefined)
          issue([name, 'columns', index, 'width'], '定长格式的每一列都要有宽度');
        if (layout.format !== 'fixed' && file.header && !column.header)
          issue([name, 'columns', index, 'header'], '有表头时每一列都要有表头文字');
      });
      if (layout.format === 'fixed' && file.header)
        issue([name, 'header'], '定长格式没有表头行，请设为 false');
      if (layout.format === 'xlsx' && name !== 'payment' && !file.header)
        issue([name, 'header'], 'XLSX 文件按表头认列，请设为 true');
    }
    layout.payment.summary?.forEach((column, index) => {
      if (layout.format === 'fixed' && column.width === undefined)
        issue(['payment', 'summary', index, 'width'], '定长格式的每一列都要有宽度');
    });
    const paymentFields = new Set(layout.payment.columns.map((column) => column.field));
    for (const needed of ['reference', 'payeeAccountNo', 'payeeAccountName', 'amount'] as const)
      if (!paymentFields.has(needed)) issue(['payment', 'columns'], `付款文件缺少列：${needed}`);
    if (layout.payment.crossBankNeedsBankCode && !paymentFields.has('payeeBankCode'))
      issue(['payment', 'crossBankNeedsBankCode'], '跨行须填联行号时，付款文件要有 payeeBankCode 列');
    for (const kind of INCOMING_KINDS) {
      const file = layout[kind];
      if (!file) continue;
      const fields = new Set(file.columns.map((column) => column.field));
      for (const needed of ['reference', 'amount'] as const)
        if (!fields.has(needed)) issue([kind, 'columns'], `缺少列：${needed}`);
      if (!fields.has('outcome') && !file.outcome) issue([kind], '没有结果列时要给出 outcome');
      if (fields.has('outcome') && Object.keys(file.outcomes).length === 0)
        issue([kind, 'outcomes'], '有结果列时要给出银行用语的对照');
      const allowed = OUTCOMES_OF[kind];
      for (const [word, outcome] of Object.entries(file.outcomes))
        if (!allowed.includes(outcome))
          issue([kind, 'outcomes', word], `${kind} 文件的结果只能是 ${allowed.join('、')}`);
      if (file.outcome && !allowed.includes(file.outcome))
        issue([kind, 'outcome'], `${kind} 文件的结果只能是 ${allowed.join('、')}`);
    }
  });

/** A layout as written in its JSON file (defaults may be left out). */
export type BankFileLayoutInput = z.input<typeof bankFileLayout>;
/** A validated layout, defaults filled in. */
export type BankFileLayout = z.output<typeof bankFileLayout>;

/** Column names in refusals, where a column has no heading of its own. */
export const FIELD_LABELS: Record<string, string> = {
  reference: '业务参考号',
  payeeAccountNo: '收款账号',
  payeeAccountName: '收款户名',
  payeeBankName: '收款开户行',
  payeeBankCode: '收款行联行号',
  amount: '金额',
  purpose: '用途',
  payerAccountNo: '付款账号',
  payerAccountName: '付款户名',
  payerBankName: '付款开户行',
  fileNo: '文件编号',
  lineNo: '序号',
  constant: '固定值',
  currency: '币种',
  crossBank: '本行/他行',
  date: '日期',
  count: '总笔数',
  totalAmount: '总金额',
  outcome: '结果',
  reason: '原因',
  accountNo: '账号',
  accountName: '户名',
  at: '时间',
  ignore: '（不读）',
};
