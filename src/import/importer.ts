/**
 * `sop import`: every file under the given paths into the database, content-addressed and
 * resumable. Importing the same bytes again changes nothing; a changed file replaces its records;
 * a file that fails is recorded with its reason and the batch goes on.
 */
import { readFile } from 'node:fs/promises';
import PQueue from 'p-queue';
import { SopError } from '../errors.js';
import { cached, createTesseract, type OcrEngine } from '../read/ocr.js';
import type { Db } from '../store/db.js';
import { databaseOcrCache } from '../store/ocr-cache.js';
import { sopLines, type SopLine } from '../store/read.js';
import { documentByPath, documentBySha, saveDocument, type DocumentOutcome } from '../store/write.js';
import { discover } from './discover.js';
import { processBytes, sha256Of, type ProcessOptions } from './pipeline.js';

export interface ImportOptions extends ProcessOptions {
  /** Files read and processed at once (default 2: the cores of the target PC). */
  concurrency?: number;
  /** Files larger than this many bytes are refused (default 50 MiB). */
  maxBytes?: number;
  /** Milliseconds one file may take before it is stopped with an error (default 10 minutes). */
  fileTimeLimitMs?: number;
  /** OCR worker threads, started on the first page that needs OCR (default: `concurrency`). */
  ocrWorkers?: number;
  /** An OCR engine to use instead of starting tesseract.js (tests, benchmarks). */
  ocrEngine?: OcrEngine;
  /** Called once per file, in completion order. */
  onFile?: (result: FileResult) => void;
  /** Called after each page of a PDF or image is read (OCR is the slow stage). */
  onPageOf?: (path: string, page: number, pages: number) => void;
}

export interface FileResult {
  path: string;
  /** `unchanged`: the same bytes were imported before and nothing was written. */
  status: DocumentOutcome['status'] | 'unchanged';
  errorCode: string | null;
  error: string | null;
  /** One line per SOP the file holds (stored now, or before when unchanged). */
  sops: SopLine[];
}

export interface ImportReport {
  files: FileResult[];
  counts: Record<FileResult['status'], number>;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_FILE_TIME_LIMIT_MS = 10 * 60 * 1000;

/** Imports the inputs into `db`. Never throws for a bad file; throws only when the database fails. */
export async function importPaths(db: Db, inputs: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency ?? 2) });
  const files: FileResult[] = [];
  const done = (r: FileResult): void => {
    files.push(r);
    options.onFile?.(r);
  };
  const fail = (path: string, code: string, message: string, extra: Partial<DocumentOutcome> = {}): void => {
    saveDocument(db, { path, sha256: null, size: null, format: null, status: 'failed', errorCode: code, error: message, records: [], ...extra });
    done({ path, status: 'failed', errorCode: code, error: message, sops: [] });
  };
  // one OCR engine for the batch, started by the first page that needs it, its results cached in the database
  let engine: Promise<OcrEngine> | null = null;
  const cache = databaseOcrCache(db);
  const ocr = (): Promise<OcrEngine> => {
    engine = engine ?? (options.ocrEngine ? Promise.resolve(options.ocrEngine) : createTesseract({ workers: options.ocrWorkers ?? options.concurrency ?? 2 })).then((e) => cached(e, cache));
    return engine;
  };
  const fileOptions: ProcessOptions = { ...options, ocr };
  let dbError: unknown = null;
  for await (const found of discover(inputs)) {
    if (dbError) break;
    if (found.kind === 'error') {
      fail(found.path, found.code, found.message);
      continue;
    }
    if (found.kind === 'unsupported') {
      saveDocument(db, { path: found.path, sha256: null, size: null, format: null, status: 'skipped', errorCode: 'unsupported', error: 'file type not supported yet', records: [] });
      done({ path: found.path, status: 'skipped', errorCode: 'unsupported', error: 'file type not supported yet', sops: [] });
      continue;
    }
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (found.size > maxBytes) {
      fail(found.path, 'too-large', `the file has ${found.size} bytes, over the limit of ${maxBytes} (--max-bytes)`, { size: found.size });
      continue;
    }
    await queue.onSizeLessThan(queue.concurrency * 2);
    void queue.add(async () => {
      try {
        const path = found.path;
        done(await importFile(db, path, { ...fileOptions, deadline: Date.now() + (options.fileTimeLimitMs ?? DEFAULT_FILE_TIME_LIMIT_MS), onPage: (p, n) => options.onPageOf?.(path, p, n) }));
      } catch (e) {
        dbError = dbError ?? e;
      }
    });
  }
  await queue.onIdle();
  // an engine passed in belongs to the caller; one started here is stopped here
  if (engine && !options.ocrEngine) await (await (engine as Promise<OcrEngine>)).close();
  if (dbError) throw dbError;
  const counts = { imported: 0, partial: 0, failed: 0, duplicate: 0, skipped: 0, unchanged: 0 } as ImportReport['counts'];
  for (const f of files) counts[f.status]++;
  return { files, counts };
}

/**
 * Imports one file. Reading and normalisation errors are stored as a failed document and
 * returned; database errors are thrown.
 */
export async function importFile(db: Db, path: string, options: ProcessOptions = {}): Promise<FileResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not-found' : 'unreadable';
    const message = (e as Error).message;
    saveDocument(db, { path, sha256: null, size: null, format: null, status: 'failed', errorCode: code, error: message, records: [] });
    return { path, status: 'failed', errorCode: code, error: message, sops: [] };
  }
  const sha256 = sha256Of(bytes);
  const before = documentByPath(db, path);
  if (before && before.sha256 === sha256 && before.status !== 'failed' && !(before.status === 'duplicate' && !documentBySha(db, sha256, path))) {
    return { path, status: 'unchanged', errorCode: null, error: null, sops: sopLines(db, before.id) };
  }
  const twin = documentBySha(db, sha256, path);
  if (twin) {
    saveDocument(db, { path, sha256, size: bytes.length, format: null, status: 'duplicate', errorCode: null, error: `same bytes as ${twin.path}`, duplicateOf: twin.id, records: [] });
    return { path, status: 'duplicate', errorCode: null, error: `same bytes as ${twin.path}`, sops: [] };
  }
  let outcome: DocumentOutcome;
  try {
    const result = await processBytes(path, bytes, sha256, options);
    outcome = { path, sha256, size: bytes.length, format: result.format, status: result.status, errorCode: result.status === 'partial' ? 'no-procedure' : null, error: result.error, records: result.records };
  } catch (e) {
    if (!(e instanceof SopError)) {
      // a defect in a stage must not stop the batch: record it as this file's failure
      outcome = { path, sha256, size: bytes.length, format: null, status: 'failed', errorCode: 'internal', error: `internal error: ${(e as Error).message}`, records: [] };
    } else {
      outcome = { path, sha256, size: bytes.length, format: null, status: 'failed', errorCode: e.code, error: e.message, records: [] };
    }
  }
  saveDocument(db, outcome);
  return {
    path, status: outcome.status, errorCode: outcome.errorCode, error: outcome.error,
    sops: outcome.records.map((r) => ({
      title: r.identity.title, steps: r.steps.length, legalBases: r.legalBases.length,
      warnings: r.diagnostics.filter((d) => d.level === 'warning').length, errors: r.diagnostics.filter((d) => d.level === 'error').length,
    })),
  };
}
