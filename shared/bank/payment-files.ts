// Making the payment files (批量代发文件): at each cut-off, a division's outbox lines instructed before it become one
// file in the bank's layout, numbered by division and cut-off, written once to object storage and listed for the
// payer. A cut-off is made again until its file is ready (a crash part-way resumes it); once ready it never changes,
// and later lines wait for the next cut-off. A line the layout cannot carry (no CNAPS code for another bank's
// account, a character the bank's encoding lacks) is refused back to its payment, which the enterprise then fixes.
import { createHash } from 'node:crypto';
import { shanghaiDate } from '../dates.ts';
import type { BankFileObjects, BankFileRecord, BankFileStore, BankLineStore } from './bank-files.ts';
import type { FileBankSettings } from './config.ts';
import type { BankLine } from './file-exchange.ts';
import { BankFileError, writePaymentFile } from './files/index.ts';

export interface PaymentFilePorts {
  files: BankFileStore;
  lines: BankLineStore;
  objects: BankFileObjects;
  settings: FileBankSettings;
  /** Hands payments whose lines were refused (their attempts) back to the payer, which records them returned and tells the enterprises. */
  handOn(attempts: string[]): Promise<void>;
}

/** What the bank shows as the purpose (用途/摘要) of every line. */
const PURPOSE = '惠企政策奖补资金';
/** Lines one file may need to refuse before it is written; more means the layout itself is wrong for the payees. */
const MAX_REFUSED_PER_FILE = 1000;

/** Cut-off instants of the day before and the day of `time` that are not after it, oldest first. */
export function cutOffsUpTo(cutOffs: string[], time: Date): Date[] {
  const today = shanghaiDate(time);
  const yesterday = shanghaiDate(new Date(time.getTime() - 86_400_000));
  return [yesterday, today]
    .flatMap((day) => cutOffs.map((clock) => new Date(`${day}T${clock}:00+08:00`)))
    .filter((instant) => instant.getTime() <= time.getTime());
}

/** The file of a division's cut-off: its id and the number the bank sees (unique per division and cut-off). */
export function paymentFileIdOf(divisionCode: string, cutOff: Date) {
  const day = shanghaiDate(cutOff).replaceAll('-', '');
  const clock = new Date(cutOff.getTime() + 8 * 3_600_000).toISOString().slice(11, 16).replace(':', '');
  return { id: `PF-${divisionCode}-${day}-${clock}`, fileNo: `HQ${divisionCode}${day}${clock}` };
}

/** Makes every due payment file; returns those made (or finished) by this run. */
export async function makePaymentFiles(ports: PaymentFilePorts, time: Date): Promise<BankFileRecord[]> {
  const made: BankFileRecord[] = [];
  for (const divisionCode of Object.keys(ports.settings.payers).sort()) {
    for (const cutOff of cutOffsUpTo(ports.settings.cutOffs, time)) {
      const file = await makePaymentFile(ports, divisionCode, cutOff);
      if (file) made.push(file);
    }
  }
  return made;
}

async function makePaymentFile(
  ports: PaymentFilePorts,
  divisionCode: string,
  cutOff: Date,
): Promise<BankFileRecord | undefined> {
  const { id, fileNo } = paymentFileIdOf(divisionCode, cutOff);
  const existing = await ports.files.get(id);
  if (existing?.status === 'ready') return undefined;
  const queued = await ports.lines.queued(divisionCode, cutOff.toISOString());
  if (queued.length === 0 && !existing) return undefined;

  const { layout, payers } = ports.settings;
  const payer = payers[divisionCode];
  if (!payer) return undefined;
  const createdAt = cutOff.toISOString();
  await ports.files.createOnce({
    id,
    kind: 'payment',
    status: 'building',
    divisionCode,
    fileNo,
    cutOff: createdAt,
    fileName: '',
    contentType: '',
    objectKey: '',
    digest: '',
    lines: 0,
    amountFen: 0,
    createdAt,
  });
  await ports.lines.file(queued, id);

  let members = await ports.lines.ofFile(id);
  let refused = 0;
  for (;;) {
    // Every line was refused back: there is no file to make for this cut-off.
    if (members.length === 0) {
      await handOnRefused(ports, id);
      await ports.files.finish(id, 'building', { status: 'ready', lines: 0, amountFen: 0 });
      return undefined;
    }
    try {
      const written = await writePaymentFile(layout, {
        fileNo,
        payer,
        createdAt,
        lines: [...members]
          .sort((a, b) => a.reference.localeCompare(b.reference))
          .map((line) => ({
            reference: line.reference,
            payee: line.account,
            amountFen: line.amountFen,
            purpose: PURPOSE,
          })),
      });
      const objectKey = `outbox/${divisionCode}/${id}/${written.fileName}`;
      await ports.objects.put(objectKey, written.bytes, written.contentType);
      const fields = {
        status: 'ready' as const,
        fileName: written.fileName,
        contentType: written.contentType,
        objectKey,
        digest: createHash('sha256').update(written.bytes).digest('hex'),
        lines: members.length,
        amountFen: members.reduce((sum, line) => sum + line.amountFen, 0),
      };
      await handOnRefused(ports, id);
      await ports.files.finish(id, 'building', fields);
      return (await ports.files.get(id)) ?? undefined;
    } catch (error) {
      const details = error instanceof BankFileError ? (error.details as { reference?: unknown }) : undefined;
      const reference = typeof details?.reference === 'string' ? details.reference : '';
      if (!reference || refused >= MAX_REFUSED_PER_FILE) throw error;
      // The line cannot be written for this bank: refused, as the bank would, with what the payee must fix.
      await ports.lines.answer(
        reference,
        { status: 'refused', reason: lineRefusal(error as BankFileError), fileId: id, at: createdAt },
        'filed',
      );
      refused++;
      members = members.filter((line: BankLine) => line.reference !== reference);
    }
  }
}

/**
 * The payments of lines the file refused back go to the payer before the file is finished: a crash in between
 * finds the file still building at the next run, which hands them on again (the payer ends each once).
 */
async function handOnRefused(ports: PaymentFilePorts, fileId: string) {
  const refused = await ports.lines.answeredBy(fileId);
  if (refused.length > 0) await ports.handOn(refused.map((line) => line.paymentId));
}

/** Why a payee's line cannot go into the bank's file, in words the enterprise can act on. */
function lineRefusal(error: BankFileError): string {
  switch (error.code) {
    case 'BANK_CODE_REQUIRED':
      return '跨行收款账户缺少开户行联行号，请企业补充后重新兑付';
    case 'CHARACTER_NOT_ENCODABLE':
      return '收款户名含银行无法识别的字符，请核对户名';
    default:
      return `无法写入银行代发文件：${error.message}`;
  }
}
