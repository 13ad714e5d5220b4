/**
 * The central directory of a zip archive (PKWARE APPNOTE 6.3, §4.3.12 and §4.3.16), read
 * synchronously from the end of the bytes and without inflating anything: the names of its entries
 * and the sizes they declare. Office Open XML files (DOCX, XLSX) are zips; their entry names tell
 * them apart (`word/document.xml`, `xl/workbook.xml`) and their declared sizes give away a zip bomb
 * before any entry is opened.
 */

export interface ZipEntry {
  name: string;
  /** Bytes the entry declares once inflated. */
  size: number;
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
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLength), size: buf.readUInt32LE(at + 24) });
    at = next;
  }
  return entries;
}
