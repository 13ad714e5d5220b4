import iconv from 'iconv-lite';
import { SopError } from '../errors.js';

/** How the bytes of a text source were decoded. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/**
 * Decodes the bytes of a text source: UTF-8 with or without BOM, UTF-16 (LE/BE, with a BOM or
 * recognised by its zero bytes), and Windows-1252 for legacy Word "Save as text" dumps that are not
 * valid UTF-8. Line endings become `\n`.
 *
 * Errors: `SopError('empty')` for zero bytes or only whitespace, `SopError('binary')` when the
 * bytes hold NULs or control characters that no text encoding explains (an image, a zip, a PDF
 * renamed `.txt`).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new SopError('empty', 'the file is empty (0 bytes)');
  let text: string;
  let encoding: TextEncoding;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    text = strictUtf8(bytes.subarray(3)) ?? windows1252(bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    const utf16 = sniffUtf16(bytes);
    if (utf16) {
      encoding = utf16;
      text = new TextDecoder(utf16).decode(bytes);
    } else {
      const utf8 = strictUtf8(bytes);
      if (utf8 !== null) {
        encoding = 'utf-8';
        text = utf8;
      } else {
        encoding = 'windows-1252';
        text = windows1252(bytes);
      }
    }
  }
  if (looksBinary(text)) {
    throw new SopError('binary', 'the file holds binary data, not text (control characters or NUL bytes)');
  }
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new SopError('empty', 'the file holds only whitespace');
  return { text, encoding };
}

/** Windows-1252 through iconv-lite: Node's TextDecoder reads this label as Latin-1 and loses “ ” – € (0x80–0x9F). */
function windows1252(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** UTF-16 without a BOM: most code units of Latin text have one zero byte, always on the same side. */
function sniffUtf16(bytes: Uint8Array): TextEncoding | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

/** True when more than 1% of the first 64k characters are C0 controls other than tab, CR, LF, FF. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad > Math.max(2, n * 0.01);
}
