// Text in a file's encoding: its width as a fixed-width column counts it, and its bytes.

import { decodeGbk, encodeGbk, gbkLength, unencodableInGbk } from './gbk.ts';
import type { BankFileLayout } from './layout.ts';

export type Encoding = BankFileLayout['encoding'];

/** The width a text takes: GBK bytes (a Chinese character is two), or characters in UTF-8. */
export function textWidth(text: string, encoding: Encoding): number | undefined {
  return encoding === 'gbk' ? gbkLength(text) : [...text].length;
}

/** The first character the encoding cannot write, if any (UTF-8 writes every character). */
export function unencodable(text: string, encoding: Encoding): string | undefined {
  return encoding === 'gbk' ? unencodableInGbk(text) : undefined;
}

export function encodeText(text: string, encoding: Encoding): Uint8Array {
  return encoding === 'gbk' ? encodeGbk(text) : new TextEncoder().encode(text);
}

/** Bytes as text; a UTF-8 byte-order mark is dropped. Unreadable bytes become U+FFFD unless `fatal`. */
export function decodeText(bytes: Uint8Array, encoding: Encoding, fatal = false): string {
  return encoding === 'gbk' ? decodeGbk(bytes, fatal) : new TextDecoder('utf-8', { fatal }).decode(bytes);
}
