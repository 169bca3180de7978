// Amounts in bank files, exactly: integer fen in, text out and back, without floating point.

export type AmountUnit = 'yuan' | 'fen';

/** 123456 fen → "1234.56" (yuan) or "123456" (fen), by string arithmetic. */
export function formatAmount(fen: number, unit: AmountUnit): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a whole number of fen: ${fen}`);
  const digits = String(fen);
  if (unit === 'fen') return digits;
  const padded = digits.padStart(3, '0');
  return `${padded.slice(0, -2)}.${padded.slice(-2)}`;
}

const YUAN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;
const FEN = /^\d+$/;

/**
 * The bank's amount text as fen: "1234.5" → 123450, "1,234.56" → 123456 (thousands separators in threes only);
 * undefined for anything else — more than two decimals, a sign, a stray character, more than a safe integer.
 */
export function parseAmount(text: string, unit: AmountUnit): number | undefined {
  const trimmed = text.trim();
  if (unit === 'fen') {
    if (!FEN.test(trimmed)) return undefined;
    const fen = Number(trimmed);
    return Number.isSafeInteger(fen) ? fen : undefined;
  }
  const match = YUAN.exec(trimmed);
  if (!match) return undefined;
  const whole = (match[1] as string).replaceAll(',', '');
  const fen = Number(`${whole}${(match[2] ?? '').padEnd(2, '0')}`);
  return Number.isSafeInteger(fen) ? fen : undefined;
}
