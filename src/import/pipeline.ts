/**
 * One file through the stages: bytes → layout (read) → SOP parts (segment) → records (normalise).
 * Pure: no database, no file system; the importer calls it and stores what it returns.
 */
import { createHash } from 'node:crypto';
import { SopError } from '../errors.js';
import { decodeText } from '../read/decode.js';
import { readDocument, type ReadOptions } from '../read/index.js';
import { readText } from '../read/text.js';
import type { LayoutDocument } from '../read/layout.js';
import { buildRecord, type BuildOptions } from '../record/build.js';
import type { SopRecord } from '../record/schema.js';
import { segmentBest } from '../segment/index.js';
import type { RawSop } from '../segment/types.js';

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An SOP has a procedure table or at least two identity fields or sections found under their labels. */
function looksLikeSop(raw: RawSop): boolean {
  if (raw.procedure && raw.procedure.steps.length > 0) return true;
  // fields found under their label: a title or citations guessed from free text make no SOP (a regulation has both)
  const labelled = [...Object.keys(raw.identity), ...Object.keys(raw.sections)].filter((f) => !raw.guessed.has(f as never));
  return labelled.length >= 2;
}

export interface ProcessResult {
  format: LayoutDocument['format'];
  records: SopRecord[];
  /** 'imported', or 'partial' when a record lacks its procedure table or a page could not be read. */
  status: 'imported' | 'partial';
  /** Why the file is partial. */
  error: string | null;
}

export type ProcessOptions = BuildOptions & ReadOptions;

/**
 * Runs the stages on one file's bytes. Throws SopError for a file that is not an SOP (empty,
 * binary, no identity and no procedure table) or cannot be read at all; returns status `partial`
 * with the reason when an SOP lacks its procedure table or some pages failed.
 */
export async function processBytes(path: string, bytes: Uint8Array, sha256: string, options: ProcessOptions = {}): Promise<ProcessResult> {
  return fromLayout(path, await readDocument(bytes, options), sha256, options);
}

/** processBytes for text, markdown and HTML sources only, synchronously (fixtures, benchmarks). */
export function processText(path: string, bytes: Uint8Array, sha256: string, options: BuildOptions = {}): ProcessResult {
  return fromLayout(path, readText(decodeText(bytes).text), sha256, options);
}

function fromLayout(path: string, doc: LayoutDocument, sha256: string, options: BuildOptions): ProcessResult {
  const raws = segmentBest(doc).filter(looksLikeSop);
  if (raws.length === 0) {
    const failed = doc.diagnostics.filter((d) => d.code === 'page-failed');
    if (failed.length) throw new SopError('unreadable', failed.map((d) => d.message).join('; '));
    throw new SopError('not-sop', 'no SOP found: neither an identity table (Nomor SOP, Dasar Hukum …) nor a procedure table (No, Uraian Prosedur, Pelaksana, Mutu Baku)');
  }
  const records = raws.map((raw, i) => buildRecord({ ...raw, index: i }, doc, { path, sha256 }, options));
  const lacking = records.filter((r) => r.diagnostics.some((d) => d.level === 'error'));
  const error = lacking.length
    ? [...new Set(lacking.map((r) => `SOP ${r.identity.number ?? r.identity.title ?? r.id}: ${[...new Set(r.diagnostics.filter((d) => d.level === 'error').map((d) => d.message))].join('; ')}`))].join(' | ')
    : null;
  return { format: doc.format, records, status: lacking.length ? 'partial' : 'imported', error };
}
