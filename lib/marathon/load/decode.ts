import { isUtf8 } from 'node:buffer';

/** Where a text stopped being valid UTF-8: its bytes there were replaced by U+FFFD. */
export interface InvalidUtf8 {
  /** 0-based byte offset of the first invalid sequence. */
  readonly byteOffset: number;
  /** 1-based line and column (in characters) of that position. */
  readonly line: number;
  readonly column: number;
}

/**
 * Decodes UTF-8 as Node does (invalid sequences become U+FFFD), but says where the first invalid one was: an
 * image name read as `mesos\ufffd(phere/jenkins` must not pass unnoticed.
 */
export function decodeUtf8(bytes: Buffer): { text: string; invalid?: InvalidUtf8 } {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) {
    return { text };
  }
  const byteOffset = firstInvalidUtf8(bytes);
  const lineStart = bytes.lastIndexOf(0x0a, byteOffset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < byteOffset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
  }
  const column = bytes.subarray(lineStart, byteOffset).toString('utf8').length + 1;
  return { text, invalid: { byteOffset, line, column } };
}

/** The offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629, table 3-7 of Unicode). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) {
      return i;
    }
    for (let k = 1; k < length; k++) {
      if ((bytes[i + k] & 0xc0) !== 0x80) {
        return i;
      }
    }
    const second = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    ) {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
