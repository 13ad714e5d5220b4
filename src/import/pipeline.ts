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
import type { SopRecord, SourceRef } from '../record/schema.js';
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

/** One file of an SOP that comes in several (page images of one SOP: parts.ts). */
export interface FilePart {
  path: string;
  bytes: Uint8Array;
  sha256: string;
}

/** Fields found under their label in a file's segmentation, for its SOP that has the most. */
function labelledFields(raws: RawSop[]): number {
  return Math.max(0, ...raws.map((r) => [...Object.keys(r.identity), ...Object.keys(r.sections)].filter((f) => !r.guessed.has(f as never)).length));
}

const hasSteps = (raws: RawSop[]): boolean => raws.some((r) => (r.procedure?.steps.length ?? 0) > 0);

/**
 * Reads the files of a page series (parts.ts) and, when their contents are the pages of one SOP,
 * builds its records from all of them: the first file holds the identity table and no procedure,
 * a later one the procedure table without an identity of its own (Banyuwangi's `…-p1.jpg` /
 * `…-p2.jpg`). Their pages are numbered on from file to file (provenance refers to these numbers;
 * the records' `sources` give each file's pages in order), and the records name the first file as
 * their `source`. Returns null when the files are no such pages: each is then imported alone.
 * Errors as processBytes for the first file.
 */
export async function processParts(parts: FilePart[], options: ProcessOptions = {}): Promise<ProcessResult | null> {
  const docs: LayoutDocument[] = [];
  for (const p of parts) docs.push(await readDocument(p.bytes, options));
  const alone = docs.map((d) => segmentBest(d));
  const rest = alone.slice(1);
  if (hasSteps(alone[0]!) || labelledFields(alone[0]!) < 2 || !rest.some(hasSteps) || rest.some((r) => labelledFields(r) >= 2)) return null;
  const pages = docs.flatMap((d) => d.pages);
  const layers = new Set(docs.map((d) => d.textLayer));
  const ocrs = docs.map((d) => d.ocr).filter((o): o is NonNullable<LayoutDocument['ocr']> => o !== null);
  const merged: LayoutDocument = {
    format: docs[0]!.format,
    textLayer: layers.size === 1 ? docs[0]!.textLayer : 'mixed',
    pages: pages.map((p, i) => ({ ...p, number: i + 1 })),
    ocr: ocrs.length ? { ...ocrs[0]!, meanConfidence: Math.round((ocrs.reduce((a, o) => a + o.meanConfidence, 0) / ocrs.length) * 10) / 10 } : null,
    diagnostics: docs.flatMap((d, i) => d.diagnostics.map((x) => ({ ...x, message: `${parts[i]!.path.split(/[\\/]/).pop()}: ${x.message}` }))),
  };
  const sources = parts.map((p, i) => ({ path: p.path, sha256: p.sha256, format: docs[i]!.format, pages: docs[i]!.pages.length }));
  return fromLayout(parts[0]!.path, merged, parts[0]!.sha256, options, sources);
}

function fromLayout(path: string, doc: LayoutDocument, sha256: string, options: BuildOptions, sources?: SourceRef[]): ProcessResult {
  const raws = segmentBest(doc).filter(looksLikeSop);
  if (raws.length === 0) {
    const failed = doc.diagnostics.filter((d) => d.code === 'page-failed');
    if (failed.length) throw new SopError('unreadable', failed.map((d) => d.message).join('; '));
    throw new SopError('not-sop', 'no SOP found: neither an identity table (Nomor SOP, Dasar Hukum …) nor a procedure table (No, Uraian Prosedur, Pelaksana, Mutu Baku)');
  }
  const records = raws.map((raw, i) => buildRecord({ ...raw, index: i }, doc, { path, sha256, ...(sources ? { sources } : {}) }, options));
  const lacking = records.filter((r) => r.diagnostics.some((d) => d.level === 'error'));
  const error = lacking.length
    ? [...new Set(lacking.map((r) => `SOP ${r.identity.number ?? r.identity.title ?? r.id}: ${[...new Set(r.diagnostics.filter((d) => d.level === 'error').map((d) => d.message))].join('; ')}`))].join(' | ')
    : null;
  return { format: doc.format, records, status: lacking.length ? 'partial' : 'imported', error };
}
