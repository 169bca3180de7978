// The payer's bank files: the payment files to upload to online banking, and the bank's files to bring back. Each is
// the payer's division's own; finance reads them.
import type * as z from 'zod';
import type {
  BankFileObjects,
  BankFileRecord,
  BankFileStore,
  BankLineStore,
  bankFileQuery,
  bankFileUpload,
} from '../../shared/bank/bank-files.ts';
import type { FileBankSettings } from '../../shared/bank/config.ts';
import { importBankFile } from '../../shared/bank/imports.ts';
import { conflict, forbidden, notFound } from '../../shared/errors.ts';
import type { PaymentStore } from '../../shared/payments/payments.ts';
import { type PayoutQueue, sendAgain } from '../../shared/payments/queue.ts';
import type { Principal } from '../../shared/principal.ts';

export interface BankFilePorts {
  bankFiles: BankFileStore;
  bankLines: BankLineStore;
  bankObjects: BankFileObjects;
  /** The file exchange's settings; undefined where the deployment pays through the simulated bank. */
  bankSettings(): FileBankSettings | undefined;
  payments: Pick<PaymentStore, 'get'>;
  queue: PayoutQueue;
  now(): Date;
}

const divisionOf = (principal: Principal) => {
  if (!principal.division) throw forbidden('身份令牌未载明所属行政区划');
  return principal.division;
};

const listed = ({ objectKey: _key, contentType: _type, ...record }: BankFileRecord) => record;

export async function listBankFiles(
  ports: BankFilePorts,
  principal: Principal,
  query: z.infer<typeof bankFileQuery>,
) {
  const records = await ports.bankFiles.list({ divisionCode: divisionOf(principal), ...query });
  // A cut-off whose every line was refused back made no file.
  return { items: records.filter((record) => record.kind !== 'payment' || record.lines > 0).map(listed) };
}

/** A payment file's bytes, as made; every download is recorded, and all after the first are named copies. */
export async function downloadPaymentFile(ports: BankFilePorts, principal: Principal, id: string) {
  const record = await ports.bankFiles.get(id);
  if (!record || record.divisionCode !== divisionOf(principal) || record.kind !== 'payment')
    throw notFound('代发文件');
  if (record.status !== 'ready')
    throw conflict('BANK_FILE_NOT_READY', '代发文件正在生成，请稍后刷新再下载', { status: record.status });
  const bytes = await ports.bankObjects.get(record.objectKey);
  const before = await ports.bankFiles.recordDownload(id, {
    by: `${principal.role}:${principal.subject}`,
    at: ports.now().toISOString(),
  });
  const copy = (before?.downloads?.length ?? 0) > 0;
  const dot = record.fileName.lastIndexOf('.');
  const name = copy
    ? `${record.fileName.slice(0, dot < 0 ? undefined : dot)}（副本）${dot < 0 ? '' : record.fileName.slice(dot)}`
    : record.fileName;
  // Bytes as made, whatever the layout's format: the name's extension tells online banking and the browser what it is.
  return { name, bytes, contentType: 'application/octet-stream' };
}

/** How long an upload applies lines before it answers. */
const IMPORT_SECONDS = 20;

export async function uploadBankFile(
  ports: BankFilePorts,
  principal: Principal,
  body: z.infer<typeof bankFileUpload>,
) {
  const settings = ports.bankSettings();
  if (!settings)
    throw conflict(
      'BANK_FILES_NOT_USED',
      '本平台通过模拟银行兑付，不交换银行文件；如需按网银代发，请联系平台运维配置银行',
    );
  const { record, first } = await importBankFile(
    {
      files: ports.bankFiles,
      lines: ports.bankLines,
      objects: ports.bankObjects,
      settings,
      handOn: (references) => sendAgain(ports, references),
      now: ports.now,
      // Within API Gateway's 30 seconds; the payout sweep finishes a larger file.
      deadline: ports.now().getTime() + IMPORT_SECONDS * 1000,
    },
    { divisionCode: divisionOf(principal), by: `${principal.role}:${principal.subject}` },
    { kind: body.kind, fileName: body.fileName, bytes: Buffer.from(body.contentBase64, 'base64') },
  );
  return {
    first,
    answer: {
      id: record.id,
      kind: record.kind,
      lines: record.lines,
      status: record.status === 'applied' ? ('applied' as const) : ('applying' as const),
      applied: record.applied ?? 0,
      refused: record.refused ?? [],
      repeated: !first,
    },
  };
}
