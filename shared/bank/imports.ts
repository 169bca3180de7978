// Importing the bank's files: a result file answers the lines of a payment file (paid, or refused with the bank's
// reason), a return notice (退汇) takes back what was paid, a statement (对账单) is what reconciliation compares the
// ledger with. Every line is checked against what Huiqi instructed — its reference, amount and account — and
// applied once: the same file again is found by its digest and changes nothing, a line another file answered is
// refused as seen before. An import cut short (a crash between reading and applying) is finished by importing the
// same file again. What a line changes for a payment (post or void, the enterprise told) is the payer's: the
// payments are handed back to it.
import { createHash } from 'node:crypto';
import { inPool } from '../in-pool.ts';
import type {
  BankFileObjects,
  BankFileRecord,
  BankFileRefusal,
  BankFileStore,
  BankLineStore,
  ImportedKind,
  StatementEntry,
} from './bank-files.ts';
import type { FileBankSettings } from './config.ts';
import type { BankLine } from './file-exchange.ts';
import { type BankFileLine, readBankFile } from './files/index.ts';

export interface ImportPorts {
  files: BankFileStore;
  lines: BankLineStore;
  objects: BankFileObjects;
  settings: FileBankSettings;
  /** Hands payments whose lines were answered (their attempts) back to the payer, which settles them and tells the enterprises. */
  handOn(attempts: string[]): Promise<void>;
  now(): Date;
  /**
   * When to stop taking lines (epoch ms): a request must answer within API Gateway's 30 seconds, so a large file is
   * applied in part and left `applying`, and the payout sweep finishes it by importing it again.
   */
  deadline?: number;
}

export interface BankFileUpload {
  kind: ImportedKind;
  fileName: string;
  bytes: Uint8Array;
}

/** The import and whether this call made it (false: the same file was imported before, nothing applied twice). */
export interface Imported {
  record: BankFileRecord;
  first: boolean;
}

/** Lines answered at once: enough to fill the write groups, few enough not to queue at the database. */
const LINES_AT_ONCE = 200;

/** The bank's time of a line as an instant: a day alone is its start in Beijing. */
const instantOf = (at: string | undefined, fallback: string) =>
  at ? new Date(at.length === 10 ? `${at}T00:00:00+08:00` : at).toISOString() : fallback;

export async function importBankFile(
  ports: ImportPorts,
  who: { divisionCode: string; by: string },
  upload: BankFileUpload,
): Promise<Imported> {
  const digest = createHash('sha256').update(upload.bytes).digest('hex');
  const id = `BF-${upload.kind}-${digest.slice(0, 24)}`;
  const existing = await ports.files.get(id);
  if (existing?.status === 'applied') return { record: existing, first: false };

  // A file not in the layout is refused whole here, before anything is stored.
  const read = await readBankFile(ports.settings.layout, upload.kind, upload.bytes);
  const createdAt = ports.now().toISOString();
  const objectKey = `inbox/${who.divisionCode}/${id}/${upload.fileName}`;
  await ports.objects.put(objectKey, upload.bytes, 'application/octet-stream');
  const record = await ports.files.createOnce({
    id,
    kind: upload.kind,
    status: 'applying',
    divisionCode: who.divisionCode,
    fileName: upload.fileName,
    contentType: 'application/octet-stream',
    objectKey,
    digest,
    lines: read.lines.length + read.refused.length,
    amountFen: read.lines.reduce((sum, line) => sum + line.amountFen, 0),
    createdAt,
    createdBy: who.by,
  });

  const context = {
    ports,
    fileId: id,
    divisionCode: who.divisionCode,
    at: record.createdAt,
    pastDeadline: () => ports.deadline !== undefined && ports.now().getTime() > ports.deadline,
  };
  const outcome =
    upload.kind === 'result'
      ? await applyResults(context, read.lines)
      : upload.kind === 'return'
        ? await applyReturns(context, read.lines)
        : await applyStatement(context, read.lines);
  const refused: BankFileRefusal[] = [
    ...read.refused.map(({ line, code, message }) => ({ line, code, message })),
    ...outcome.refused,
  ].sort((a, b) => a.line - b.line);
  // Cut short by the deadline: what is applied so far is said, and the rest is the sweep's (or the same upload's).
  await ports.files.finish(id, 'applying', {
    ...(outcome.unfinished ? {} : { status: 'applied' }),
    applied: outcome.applied,
    refused,
  });
  return { record: (await ports.files.get(id)) ?? record, first: existing === undefined };
}

interface ApplyContext {
  ports: ImportPorts;
  fileId: string;
  divisionCode: string;
  at: string;
  pastDeadline(): boolean;
}

type Applied = { applied: number; refused: BankFileRefusal[]; unfinished?: true };

const refusal = (line: BankFileLine, code: string, message: string): BankFileRefusal => ({
  line: line.line,
  code,
  message,
  reference: line.reference,
});

/** The checks every result and return line passes: a reference Huiqi instructed, in this division, as instructed. */
function mismatch(line: BankFileLine, instructed: BankLine | undefined, divisionCode: string) {
  if (!instructed || instructed.divisionCode !== divisionCode)
    return refusal(
      line,
      'UNKNOWN_REFERENCE',
      `业务参考号 ${line.reference} 不是本平台发出的代发指令，请向银行核实`,
    );
  if (instructed.amountFen !== line.amountFen)
    return refusal(
      line,
      'AMOUNT_MISMATCH',
      `金额与代发指令不符：指令 ${instructed.amountFen} 分，银行文件 ${line.amountFen} 分，请向银行核实`,
    );
  if (line.accountNo && line.accountNo !== instructed.account.accountNo)
    return refusal(
      line,
      'ACCOUNT_MISMATCH',
      `收款账号与代发指令不符：指令 ${instructed.account.accountNo}，银行文件 ${line.accountNo}，请向银行核实`,
    );
  return undefined;
}

/** Lines of one file that name a reference again: only the first counts. */
function firstOfEach(lines: BankFileLine[]): { lines: BankFileLine[]; refused: BankFileRefusal[] } {
  const seen = new Set<string>();
  const refused: BankFileRefusal[] = [];
  const first = lines.filter((line) => {
    if (!seen.has(line.reference)) return seen.add(line.reference);
    refused.push(
      refusal(line, 'DUPLICATE_LINE', `业务参考号 ${line.reference} 在本文件中重复出现，只处理第一行`),
    );
    return false;
  });
  return { lines: first, refused };
}

/**
 * Runs `apply` on each line that names what Huiqi instructed, as instructed (`mismatch`), side by side (one
 * reference each, after `firstOfEach`), until the deadline; a line it refuses joins those refused before it.
 */
async function eachInstructed(
  { ports, divisionCode, pastDeadline }: ApplyContext,
  all: BankFileLine[],
  apply: (line: BankFileLine, known: BankLine) => Promise<BankFileRefusal | undefined>,
): Promise<Pick<Applied, 'refused' | 'unfinished'>> {
  const { lines, refused } = firstOfEach(all);
  const instructed = await ports.lines.get(lines.map((line) => line.reference));
  let unfinished = false;
  await inPool(lines, LINES_AT_ONCE, async (line) => {
    if (pastDeadline()) {
      unfinished = true;
      return;
    }
    const known = instructed.get(line.reference);
    const wrong = mismatch(line, known, divisionCode);
    const refusedLine = wrong ?? (known ? await apply(line, known) : undefined);
    if (refusedLine) refused.push(refusedLine);
  });
  return { refused, ...(unfinished ? { unfinished: true as const } : {}) };
}

async function applyResults(context: ApplyContext, all: BankFileLine[]): Promise<Applied> {
  const { ports, fileId, at } = context;
  const answered: string[] = [];
  const outcome = await eachInstructed(context, all, async (line, known) => {
    const status = line.outcome === 'paid' ? 'paid' : 'refused';
    const answer = {
      status,
      fileId,
      at: instantOf(line.at, at),
      ...(status === 'refused' ? { reason: line.reason ?? '银行未说明原因' } : {}),
    } as const;
    if (known.status === 'queued')
      return refusal(
        line,
        'NOT_IN_A_FILE',
        `业务参考号 ${line.reference} 尚未写入任何代发文件，银行不应有其结果`,
      );
    if (known.status === 'filed' && (await ports.lines.answer(line.reference, answer, 'filed'))) {
      answered.push(known.paymentId);
      return undefined;
    }
    // Answered before: by this file (an import cut short, taken up again) it is handed on again; else it was seen.
    const now =
      known.status === 'filed' ? (await ports.lines.get([line.reference])).get(line.reference) : known;
    if (now?.resultFileId === fileId) {
      answered.push(known.paymentId);
      return undefined;
    }
    if (now?.status === status)
      return refusal(line, 'ALREADY_APPLIED', `该笔已由文件 ${now.resultFileId ?? ''} 处理，本次未重复处理`);
    return refusal(
      line,
      'RESULT_CONFLICT',
      `该笔已由文件 ${now?.resultFileId ?? ''} 记为${now?.status === 'paid' ? '成功' : '失败'}，与本文件不符，请向银行核实`,
    );
  });
  await ports.handOn(answered);
  return { applied: answered.length, ...outcome };
}

async function applyReturns(context: ApplyContext, all: BankFileLine[]): Promise<Applied> {
  const { ports, fileId, at } = context;
  let applied = 0;
  const outcome = await eachInstructed(context, all, async (line, known) => {
    // Kept under the day it was imported: the payout sweep takes it back from the notices of today and yesterday,
    // however late the bank dated it, and waits for the result if it came first.
    const notice = {
      reference: line.reference,
      paymentId: known.paymentId,
      amountFen: line.amountFen,
      reason: line.reason ?? '银行退汇',
      at,
    };
    // Kept by this file before (an import cut short, taken up again) counts as applied by it.
    if ((await ports.lines.putReturn(notice, fileId)) === fileId) {
      applied++;
      return undefined;
    }
    return refusal(line, 'ALREADY_APPLIED', `业务参考号 ${line.reference} 的退汇已导入过，本次未重复处理`);
  });
  return { applied, ...outcome };
}

/** Every statement line is kept as the bank wrote it, known or not: reconciliation judges them all. */
async function applyStatement({ ports, fileId, at }: ApplyContext, lines: BankFileLine[]): Promise<Applied> {
  const instructed = await ports.lines.get(lines.map((line) => line.reference));
  const entries: StatementEntry[] = lines.map((line) => {
    const known = instructed.get(line.reference);
    return {
      line: line.line,
      reference: line.reference,
      paymentId: known?.paymentId ?? line.reference,
      accountNo: line.accountNo ?? known?.account.accountNo ?? '',
      accountName: line.accountName ?? known?.account.accountName ?? '',
      amountFen: line.amountFen,
      outcome: line.outcome === 'credit' ? 'returned' : 'settled',
      ...(line.reason ? { reason: line.reason } : {}),
      at: instantOf(line.at, at),
    };
  });
  await ports.lines.putStatement(entries, fileId);
  return { applied: entries.length, refused: [] };
}

/** Imports cut short by their request's deadline, finished from the bytes kept in the inbox. */
export async function finishImports(ports: ImportPorts, time: Date): Promise<number> {
  let finished = 0;
  const from = new Date(time.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  for (const divisionCode of Object.keys(ports.settings.payers)) {
    const files = await ports.files.list({ divisionCode, from });
    for (const file of files.filter((each) => each.kind !== 'payment' && each.status === 'applying')) {
      const bytes = await ports.objects.get(file.objectKey);
      const { record } = await importBankFile(
        ports,
        { divisionCode, by: file.createdBy ?? 'system:payout-sweep' },
        { kind: file.kind as ImportedKind, fileName: file.fileName, bytes },
      );
      if (record.status === 'applied') finished++;
    }
  }
  return finished;
}
