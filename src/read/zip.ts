/**
 * The central directory of a zip archive (PKWARE APPNOTE 6.3, §4.3.12 and §4.3.16), read
 * synchronously from the end of the bytes and without inflating anything: the names of its entries
 * and the sizes they declare. Office Open XML files (DOCX, XLSX) are zips; their entry names tell
 * them apart (`word/document.xml`, `xl/workbook.xml`) and their declared sizes give away a zip bomb
 * before any entry is opened. A zip whose directory is lost (a truncated download) still names its
 * entries in their local headers.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Bytes the entry declares once inflated. */
  size: number;
  /** Bytes of its data in the archive. */
  compressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Offset of its local file header. */
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/**
 * The entries of a zip's central directory, in their order. Throws an Error when there is no end
 * of central directory record, when the directory lies outside the bytes or an entry header is
 * broken, and for ZIP64 archives (an Office document never needs one: over 65535 entries or 4 GiB).
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end record is the last 22 bytes, followed by a comment of at most 65535 bytes
  let end = -1;
  for (let at = buf.length - 22; at >= 0 && at >= buf.length - 22 - 65535; at--) {
    if (buf.readUInt32LE(at) === EOCD && at + 22 + buf.readUInt16LE(at + 20) <= buf.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory record');
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  const offset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new Error('ZIP64 archives are not read');
  if (offset + size > end) throw new Error('the central directory lies outside the file');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || buf.readUInt32LE(at) !== CENTRAL) throw new Error(`central directory entry ${i + 1} is broken`);
    const nameLength = buf.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (next > offset + size) throw new Error(`central directory entry ${i + 1} is broken`);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      size: buf.readUInt32LE(at + 24),
      compressedSize: buf.readUInt32LE(at + 20),
      method: buf.readUInt16LE(at + 10),
      offset: buf.readUInt32LE(at + 42),
    });
    at = next;
  }
  return entries;
}

const LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Checks that every entry inflates to no more than the size the directory declares for it, inflating
 * each with that size as the output limit: a zip whose directory lies (a small declared size over a
 * bomb) is caught after at most its declared bytes, before another reader inflates it without a
 * limit. Throws an Error naming the first entry that lies or cannot be inflated.
 */
export function checkInflatedSizes(bytes: Uint8Array, entries: ZipEntry[]): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    if (e.offset + 30 > buf.length || !buf.subarray(e.offset, e.offset + 4).equals(LOCAL)) throw new Error(`${e.name}: no local header where the directory says`);
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    if (start + e.compressedSize > buf.length) throw new Error(`${e.name}: its data runs past the end of the file`);
    const data = buf.subarray(start, start + e.compressedSize);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw new Error(`${e.name}: stored with ${e.compressedSize} bytes, declared ${e.size}`);
    } else if (e.method === 8) {
      try {
        inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        throw new Error(`${e.name}: ${(err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `inflates past its declared ${e.size} bytes` : (err as Error).message}`);
      }
    } else {
      throw new Error(`${e.name}: compression method ${e.method} is not read`);
    }
  }
}

/**
 * The names in a zip's local file headers, found by their signature from the start of the bytes (at
 * most `max` of them): what a zip whose central directory is missing or broken still tells of its
 * entries. A signature inside stored data may give a stray name; use it to guess, never to read.
 */
export function localEntryNames(bytes: Uint8Array, max = 1000): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names: string[] = [];
  for (let at = buf.indexOf(LOCAL); at >= 0 && at + 30 <= buf.length && names.length < max; at = buf.indexOf(LOCAL, at + 4)) {
    const length = buf.readUInt16LE(at + 26);
    if (at + 30 + length <= buf.length) names.push(buf.toString('utf8', at + 30, at + 30 + length));
  }
  return names;
}
