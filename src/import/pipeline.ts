/**
 * One file through the stages: bytes → layout (read) → SOP parts (segment) → records (normalise).
 * Pure: no database, no file system; the importer calls it and stores what it returns.
 */
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { SopError } from '../errors.js';
import { decodeText } from '../read/decode.js';
import type { LayoutDocument } from '../read/layout.js';
import { readText } from '../read/text.js';
import { buildRecord, type BuildOptions } from '../record/build.js';
import type { SopRecord } from '../record/schema.js';
import { segmentDocument } from '../segment/index.js';
import type { RawSop } from '../segment/types.js';
import { TEXT_EXTENSIONS } from './discover.js';

/** Reads the bytes of a file into the layout model, by extension (text family) or content. */
export function readBytes(path: string, bytes: Uint8Array): LayoutDocument {
  const ext = extname(path).toLowerCase();
  if (!TEXT_EXTENSIONS.has(ext) && ext !== '') {
    // a named file of another kind: accept it only if its bytes are text
    if (looksLikeKnownBinary(bytes)) throw new SopError('unsupported', `${ext} files are not supported yet (only text, markdown and HTML)`);
  }
  return readText(decodeText(bytes).text);
}

function looksLikeKnownBinary(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  return head.startsWith('%PDF') || head.startsWith('PK\u0003\u0004') || head.startsWith('\u0089PNG') || head.startsWith('\u00ff\u00d8\u00ff') || head.startsWith('II*\u0000') || head.startsWith('MM\u0000*');
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An SOP has a procedure table or at least two identity fields or sections. */
function looksLikeSop(raw: RawSop): boolean {
  if (raw.procedure && raw.procedure.steps.length > 0) return true;
  const filled = Object.keys(raw.identity).length + Object.keys(raw.sections).length;
  return filled >= 2;
}

export interface ProcessResult {
  format: LayoutDocument['format'];
  records: SopRecord[];
  /** 'imported', or 'partial' when a record lacks its procedure table. */
  status: 'imported' | 'partial';
  /** Why the file is partial. */
  error: string | null;
}

/**
 * Runs the stages on one file's bytes. Throws SopError for a file that is not an SOP (empty,
 * binary, no identity and no procedure table); returns status `partial` with the reason when an
 * SOP has an identity table but no procedure table.
 */
export function processBytes(path: string, bytes: Uint8Array, sha256: string, options: BuildOptions = {}): ProcessResult {
  const doc = readBytes(path, bytes);
  const raws = segmentDocument(doc).filter(looksLikeSop);
  if (raws.length === 0) throw new SopError('not-sop', 'no SOP found: neither an identity table (Nomor SOP, Dasar Hukum …) nor a procedure table (No, Uraian Prosedur, Pelaksana, Mutu Baku)');
  const records = raws.map((raw, i) => buildRecord({ ...raw, index: i }, doc, { path, sha256 }, options));
  const lacking = records.filter((r) => r.diagnostics.some((d) => d.level === 'error'));
  const error = lacking.length
    ? lacking.map((r) => `SOP ${r.identity.number ?? r.identity.title ?? r.id}: ${r.diagnostics.filter((d) => d.level === 'error').map((d) => d.message).join('; ')}`).join(' | ')
    : null;
  return { format: doc.format, records, status: lacking.length ? 'partial' : 'imported', error };
}
