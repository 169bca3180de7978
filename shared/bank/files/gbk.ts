// GBK, the code page most Chinese banks' file imports expect. Node decodes it (TextDecoder('gbk')) but has no
// encoder, and a dependency for one table is not worth it: the reverse table is built once, on first use, by decoding
// every double-byte code.

/** Code point → the two bytes (lead << 8 | trail). */
let table: Map<number, number> | undefined;

function gbkTable(): Map<number, number> {
  if (table) return table;
  const built = new Map<number, number>();
  const decoder = new TextDecoder('gbk', { fatal: true });
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let text: string;
      try {
        text = decoder.decode(pair);
      } catch {
        continue;
      }
      const code = text.codePointAt(0);
      // The user-defined areas decode to private-use code points no bank's font shows: they are not encoded.
      if (code === undefined || text.length !== 1 || (code >= 0xe000 && code <= 0xf8ff)) continue;
      // Where two codes decode to one character, the first is the one GBK encoders write.
      if (!built.has(code)) built.set(code, (lead << 8) | trail);
    }
  table = built;
  return built;
}

/** The first character of the text GBK cannot encode (an emoji, a rare character outside GBK), if any. */
export function unencodableInGbk(text: string): string | undefined {
  const codes = gbkTable();
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code >= 0x80 && !codes.has(code)) return char;
  }
  return undefined;
}

/** Bytes the text takes in GBK: one per ASCII character, two per other; undefined when it cannot be encoded. */
export function gbkLength(text: string): number | undefined {
  const codes = gbkTable();
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) length += 1;
    else if (codes.has(code)) length += 2;
    else return undefined;
  }
  return length;
}

export class GbkError extends Error {
  constructor(readonly char: string) {
    super(`GBK 无法表示字符“${char}”`);
    this.name = 'GbkError';
  }
}

/** The text in GBK; throws GbkError naming the first character GBK has no code for. */
export function encodeGbk(text: string): Uint8Array {
  const codes = gbkTable();
  const bytes = new Uint8Array(text.length * 2);
  let at = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) bytes[at++] = code;
    else {
      const pair = codes.get(code);
      if (pair === undefined) throw new GbkError(char);
      bytes[at++] = pair >> 8;
      bytes[at++] = pair & 0xff;
    }
  }
  return bytes.slice(0, at);
}

/** GBK bytes as text; `fatal` throws on a byte sequence that is not GBK instead of writing U+FFFD. */
export function decodeGbk(bytes: Uint8Array, fatal = false): string {
  return new TextDecoder('gbk', { fatal }).decode(bytes);
}
