/**
 * `sop import`: every file under the given paths into the database, content-addressed and
 * resumable. Importing the same bytes again changes nothing; a changed file replaces its records;
 * a file that fails is recorded with its reason and the batch goes on.
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import PQueue from 'p-queue';
import { SopError } from '../errors.js';
import { cached, createOcrEngine, type EngineChoice, type OcrEngine } from '../read/ocr.js';
import type { Db } from '../store/db.js';
import { databaseOcrCache } from '../store/ocr-cache.js';
import { sopLines, type SopLine } from '../store/read.js';
import { documentByPath, documentBySha, partsUnchanged, recordsOutdated, saveDocuments, type DocumentOutcome, type SavedDocument } from '../store/write.js';
import { PageSeries } from './parts.js';
import { SCHEMA_VERSION } from '../record/schema.js';
import { countFound, discover } from './discover.js';
import { processBytes, processParts, sha256Of, type FilePart, type ProcessOptions, type ProcessResult } from './pipeline.js';
import { sopLine } from '../store/rows.js';
import { ByteBudget } from './budget.js';
import { runPendingBackfills } from '../store/backfill.js';
import { StagePool } from './pool.js';
import { sniff } from '../read/index.js';

export interface ImportOptions extends ProcessOptions {
  /**
   * Files processed at once (default 2: the cores of the target PC). With `threads`, text, DOCX and
   * spreadsheet files run in that many worker threads; PDFs and images run here, their OCR in its
   * own workers.
   */
  concurrency?: number;
  /** Worker threads for the stages of text, DOCX and spreadsheet files (default 0: this thread; `sop import` uses --concurrency). */
  threads?: number;
  /** The compiled worker script (pool.ts; tests running the TypeScript sources pass the built one). */
  workerScript?: URL;
  /** Files larger than this many bytes are refused (default 50 MiB). */
  maxBytes?: number;
  /** Milliseconds one file may take before it is stopped with an error (default 10 minutes). */
  fileTimeLimitMs?: number;
  /** OCR workers (native processes or tesseract.js threads), started on the first page that needs OCR (default: `concurrency`). */
  ocrWorkers?: number;
  /** Which OCR engine to start (`--ocr-engine`): `auto` (native tesseract when installed, else tesseract.js), `native` or `wasm`. */
  ocrEngineChoice?: EngineChoice;
  /** An OCR engine to use instead of starting one (tests, benchmarks). */
  ocrEngine?: OcrEngine;
  /** Files written in one transaction at most (default 256); see GroupWriter. */
  groupSize?: number;
  /** Milliseconds a file's outcome may wait for its group to fill before it is committed (default 1000). */
  groupDelayMs?: number;
  /** Bytes of the files being read and processed at once, at most (default 64 MiB; a bigger file goes alone). */
  bytesInFlight?: number;
  /**
   * Keep every file's result in the report (default true). False keeps the counts only, so that
   * memory does not grow with the batch (`sop import` without `--json`).
   */
  keepResults?: boolean;
  /**
   * Read again a file that failed before with the same bytes (default false: it is reported as
   * `unchanged` with its stored reason, and not read again; `sop import --retry-failed`).
   */
  retryFailed?: boolean;
  /** Called once per file, in completion order, after its outcome is committed. */
  onFile?: (result: FileResult) => void;
  /** Called after each page of a PDF or image is read (OCR is the slow stage). */
  onPageOf?: (path: string, page: number, pages: number) => void;
  /**
   * Called once with the number of files the import will report, counted by a second walk of the
   * inputs while the import runs (for a progress bar's total); not called when the count fails.
   */
  onTotal?: (files: number) => void;
  /**
   * Stages run elsewhere (`sop import --queue`: queue/collector.ts): files are hashed here and
   * passed over when unchanged as always, the others handed to these stages by path and hash;
   * `threads`, `ocrWorkers` and `ocrEngine` are then not used.
   */
  remote?: RemoteStages;
}

/** A file handed to remote stages: its path identity, the SHA-256 of its bytes (hex) and their number. */
export interface HashedFile {
  path: string;
  sha256: string;
  size: number;
}

/** What remote stages made of a file, or of a page series under its first file (as processBytes' result, with errors recorded). */
export type RemoteOutcome = Pick<DocumentOutcome, 'format' | 'status' | 'errorCode' | 'error' | 'rows'>;

/**
 * Stages run on other machines (queue/collector.ts). Their promises reject only when the stages
 * can no longer be reached, which stops the import as a database error does.
 */
export interface RemoteStages {
  /** Files handed over and not yet answered, at most. */
  readonly inFlight: number;
  /** The stages' outcome for one file (a failure recorded in it). */
  file(file: HashedFile): Promise<RemoteOutcome>;
  /** processParts on the files of a page series: null when they are not the pages of one SOP (each is then handed over alone). */
  series(files: HashedFile[]): Promise<RemoteOutcome | null>;
}

export interface FileResult {
  path: string;
  /**
   * `unchanged`: the same bytes were imported before and nothing was written; with an `errorCode`,
   * they failed before and were not read again (`retryFailed`).
   */
  status: DocumentOutcome['status'] | 'unchanged';
  errorCode: string | null;
  error: string | null;
  /** One line per SOP the file holds (stored now, or before when unchanged). */
  sops: SopLine[];
}

export interface ImportReport {
  /** Every file's result, in completion order (empty with `keepResults: false`). */
  files: FileResult[];
  /** Files by status. */
  counts: Record<FileResult['status'], number>;
  /** Of the `unchanged` files, those that failed before with the same bytes and were not read again. */
  failedBefore: number;
  /** SOPs in the files imported or unchanged. */
  sops: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_FILE_TIME_LIMIT_MS = 10 * 60 * 1000;
/**
 * Files per transaction, and how long the first of them may wait. Measured on 3000 synthetic text
 * SOPs (README, Performance): storing took 1.1 ms per file in groups of 64, 0.85 in groups of 256,
 * 0.63 in groups of 1024 (the full-text index merges fewer, larger segments); 256 keeps a
 * group's transaction, during which this thread does nothing else, near 0.2 s.
 */
export const DEFAULT_GROUP_SIZE = 256;
export const DEFAULT_GROUP_DELAY_MS = 1000;
export const DEFAULT_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
/**
 * Files read ahead per worker thread: enough that the workers go on segmenting while this thread
 * commits a group (with 2 per thread they were idle a quarter of the time).
 */
const FILES_AHEAD_PER_THREAD = 8;

/**
 * Commits outcomes in groups: one transaction for up to `size` files, or for what arrived within
 * `delayMs` of the first one waiting. A file's outcome is reported only once committed, so a kill
 * loses at most the uncommitted group, which the next run imports again (nothing half-written:
 * the group is one transaction). Measured on 1000 synthetic text SOPs, the commit of one file
 * took about 1 ms, as much as its rows (README, Performance); see DEFAULT_GROUP_SIZE.
 */
class GroupWriter {
  private pending: Array<{ outcome: DocumentOutcome; resolve: (s: SavedDocument) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db, private readonly size: number, private readonly delayMs = DEFAULT_GROUP_DELAY_MS) {}

  /** Resolves once the outcome is committed; rejects with the database's error. */
  save(outcome: DocumentOutcome): Promise<SavedDocument> {
    return new Promise((resolve, reject) => {
      this.pending.push({ outcome, resolve, reject });
      if (this.pending.length >= this.size) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    });
  }

  /** Writes what is waiting, now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const group = this.pending.splice(0);
    if (group.length === 0) return;
    let saved: SavedDocument[];
    try {
      saved = saveDocuments(this.db, group.map((g) => g.outcome));
    } catch (e) {
      for (const g of group) g.reject(e);
      return;
    }
    group.forEach((g, i) => g.resolve(saved[i]!));
  }
}

/**
 * The real paths of the database's own files (the file, its WAL, shared-memory and rollback
 * journal), which an import of the folder holding them passes over; empty for an in-memory one.
 */
function databaseFiles(db: Db): Set<string> {
  if (db.memory || !db.name) return new Set();
  const real = realpathSync(db.name);
  return new Set(['', '-wal', '-shm', '-journal'].map((suffix) => real + suffix));
}

/**
 * Imports the inputs into `db`, each file under its real path (discover.ts). First runs the
 * backfills earlier migrations left pending (backfill.ts). Never throws for a bad file (it is
 * stored as failed, with its reason); throws only when the database fails (read-only, disk full,
 * locked past the busy timeout), keeping the groups committed before.
 */
export async function importPaths(db: Db, inputs: string[], options: ImportOptions = {}): Promise<ImportReport> {
  runPendingBackfills(db);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const threads = options.threads ?? 0;
  // files read ahead for the workers, so that they go on while this thread commits a group
  const queue = new PQueue({ concurrency: options.remote ? options.remote.inFlight : threads > 0 ? Math.max(concurrency, FILES_AHEAD_PER_THREAD * threads) : concurrency });
  const inProcess = new PQueue({ concurrency });
  const budget = new ByteBudget(options.bytesInFlight ?? DEFAULT_BYTES_IN_FLIGHT);
  const pool = threads > 0 ? new StagePool(threads, options.workerScript) : null;
  const writer = new GroupWriter(db, Math.max(1, options.groupSize ?? DEFAULT_GROUP_SIZE), options.groupDelayMs ?? DEFAULT_GROUP_DELAY_MS);
  const files: FileResult[] = [];
  const counts: ImportReport['counts'] = { imported: 0, partial: 0, failed: 0, duplicate: 0, skipped: 0, unchanged: 0 };
  let sops = 0;
  let failedBefore = 0;
  const report = (r: FileResult): void => {
    counts[r.status]++;
    if (r.status === 'unchanged' && r.errorCode) failedBefore++;
    sops += r.sops.length;
    if (options.keepResults !== false) files.push(r);
    options.onFile?.(r);
  };
  let dbError: unknown = null;
  const store = (outcome: DocumentOutcome): void => {
    void writer.save(outcome).then(
      (saved) => report(resultOf(saved)),
      (e: unknown) => {
        dbError ??= e;
      },
    );
  };
  // one OCR engine for the batch, started by the first page that needs it, its results cached in the database
  let engine: Promise<OcrEngine> | null = null;
  const cache = databaseOcrCache(db);
  const ocr = (): Promise<OcrEngine> => {
    engine = engine ?? (options.ocrEngine ? Promise.resolve(options.ocrEngine) : createOcrEngine({ ...(options.ocrEngineChoice ? { engine: options.ocrEngineChoice } : {}), workers: options.ocrWorkers ?? concurrency })).then((e) => cached(e, cache));
    return engine;
  };
  const context: FileContext = { db, pool, inProcess, options: { ...options, ocr }, store, done: report };
  const failed = (path: string, code: string, message: string, size: number | null = null): DocumentOutcome =>
    ({ path, sha256: null, size, format: null, status: 'failed', errorCode: code, error: message, records: [] });
  const exclude = databaseFiles(db);
  // page images of one SOP as separate files are read together (parts.ts)
  const series = new PageSeries();
  const sizes = new Map<string, number>();
  const enqueue = async (paths: string[]): Promise<void> => {
    await queue.onSizeLessThan(queue.concurrency * 2);
    const sizesOf = paths.map((p) => sizes.get(p) ?? 0);
    const size = sizesOf.reduce((sum, n) => sum + n, 0);
    for (const p of paths) sizes.delete(p);
    if (options.remote) {
      const remote = options.remote;
      void queue.add(() => importRemote(context, remote, paths, sizesOf, budget).catch((e: unknown) => {
        dbError ??= e;
      }));
      return;
    }
    void queue.add(async () => {
      await budget.acquire(size);
      try {
        if (paths.length === 1) await importFile(context, paths[0]!);
        else await importSeries(context, paths);
      } catch (e) {
        dbError ??= e;
      } finally {
        budget.release(size);
      }
    });
  };
  if (options.onTotal) void countFound(inputs, { exclude }).then(options.onTotal, () => undefined);
  try {
    for await (const found of discover(inputs, { exclude })) {
      if (dbError) break;
      if (found.kind === 'error') {
        store(failed(found.path, found.code, found.message));
        continue;
      }
      if (found.kind === 'unsupported') {
        store({ path: found.path, sha256: null, size: null, format: null, status: 'skipped', errorCode: 'unsupported', error: 'file type not supported yet', records: [] });
        continue;
      }
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
      if (found.size > maxBytes) {
        store(failed(found.path, 'too-large', `the file has ${found.size} bytes, over the limit of ${maxBytes} (--max-bytes)`, found.size));
        continue;
      }
      sizes.set(found.path, found.size);
      for (const paths of series.add(found.path)) await enqueue(paths);
    }
    for (const paths of series.end()) await enqueue(paths);
    await queue.onIdle();
    writer.flush();
    // the last group's promises settle on the next turn
    await new Promise((r) => setImmediate(r));
  } finally {
    await pool?.close();
    // an engine passed in belongs to the caller; one started here is stopped here
    if (engine && !options.ocrEngine) await (await (engine as Promise<OcrEngine>)).close();
  }
  if (dbError) throw dbError;
  return { files, counts, failedBefore, sops };
}

interface FileContext {
  db: Db;
  pool: StagePool | null;
  /** Runs the stages of files read in this thread (PDF, images: rendering and OCR are heavy), `concurrency` at a time. */
  inProcess: PQueue;
  options: ImportOptions;
  /** Queues an outcome for the next commit (the file is reported once it is committed). */
  store: (outcome: DocumentOutcome) => void;
  /** Reports a file that needs no write (unchanged). */
  done: (result: FileResult) => void;
}

function resultOf(saved: SavedDocument): FileResult {
  const o = saved.outcome;
  return {
    path: o.path, status: saved.unchanged ? 'unchanged' : o.status, errorCode: o.errorCode, error: o.error,
    sops: o.rows ? o.rows.map((r) => r.line) : o.records.map(sopLine),
  };
}

/**
 * Imports one file: reads and hashes it, passes over it when the path holds the same bytes already
 * (`unchanged`; bytes that failed too, unless `retryFailed`) or another path does (`duplicate`),
 * else runs the stages (in the pool for text, DOCX and spreadsheets when there is one) and queues
 * the outcome for the next commit. Reading and stage errors
 * become a failed outcome; database errors reject.
 */
async function importFile(ctx: FileContext, path: string): Promise<void> {
  const { options } = ctx;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    ctx.store(readFailure(path, e));
    return;
  }
  const sha256 = sha256Of(bytes);
  if (settled(ctx, path, sha256, bytes.length)) return;
  // the time limit counts from when the file's stages start, not while it waits for a worker
  const timeLimitMs = options.fileTimeLimitMs ?? DEFAULT_FILE_TIME_LIMIT_MS;
  let outcome: DocumentOutcome;
  try {
    const kind = sniff(bytes);
    const { pool } = ctx;
    // in the pool the worker sends the records as rows, ready to insert
    const inProcess = (): Promise<ProcessResult> => ctx.inProcess.add(() => processBytes(path, bytes, sha256, { ...options, deadline: Date.now() + timeLimitMs, onPage: (p, n) => options.onPageOf?.(path, p, n) }));
    // a DOCX of page images only needs the OCR engine, which lives in this thread, not in the pool's
    const pooled = pool && (kind === 'text' || kind === 'docx' || kind === 'spreadsheet')
      ? await pool.run(path, bytes, sha256, options.workingTime ? { workingTime: options.workingTime } : {}, timeLimitMs).catch((e: unknown) => {
        if (e instanceof SopError && e.code === 'needs-ocr') return null;
        throw e;
      })
      : null;
    const result: Pick<DocumentOutcome, 'records' | 'rows'> & Omit<ProcessResult, 'records'> = pooled ? { ...pooled, records: [] } : await inProcess();
    outcome = { path, sha256, size: bytes.length, format: result.format, status: result.status, errorCode: result.status === 'partial' ? 'no-procedure' : null, error: result.error, records: result.records, ...(result.rows ? { rows: result.rows } : {}) };
  } catch (e) {
    // a defect in a stage must not stop the batch: it is recorded as this file's failure
    outcome = e instanceof SopError
      ? { path, sha256, size: bytes.length, format: null, status: 'failed', errorCode: e.code, error: e.message, records: [] }
      : { path, sha256, size: bytes.length, format: null, status: 'failed', errorCode: 'internal', error: `internal error: ${(e as Error).message}`, records: [] };
  }
  ctx.store(outcome);
}

/** The failed outcome of a file that could not be read (`not-found`, `unreadable`). */
function readFailure(path: string, e: unknown): DocumentOutcome {
  const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not-found' : 'unreadable';
  return { path, sha256: null, size: null, format: null, status: 'failed', errorCode: code, error: (e as Error).message, records: [] };
}

/**
 * Settles a file that needs no stages, and says so: the path holds these bytes already
 * (`unchanged`; bytes that failed before too, unless `retryFailed`), or another path does (a
 * `duplicate` queued for the commit). False when the stages must run.
 */
function settled(ctx: FileContext, path: string, sha256: string, size: number): boolean {
  const { db, options } = ctx;
  const before = documentByPath(db, path);
  if (before && before.sha256 === sha256) {
    // the same bytes failed before: junk is not read again unless asked (issue 12)
    if (before.status === 'failed' && !options.retryFailed) {
      ctx.done({ path, status: 'unchanged', errorCode: before.error_code, error: before.error, sops: [] });
      return true;
    }
    // records made by an older version (no confidence, no provenance) are made again
    if (before.status !== 'failed' && !(before.status === 'duplicate' && !documentBySha(db, sha256, path)) && !recordsOutdated(db, before.id, SCHEMA_VERSION)) {
      ctx.done({ path, status: 'unchanged', errorCode: null, error: null, sops: sopLines(db, before.id) });
      return true;
    }
  }
  const twin = documentBySha(db, sha256, path);
  if (twin) {
    ctx.store({ path, sha256, size, format: null, status: 'duplicate', errorCode: null, error: `same bytes as ${twin.path}`, duplicateOf: twin.id, records: [] });
    return true;
  }
  return false;
}

/** Reports the files of a page series stored as one SOP with these bytes already (`unchanged`), and says so. */
function seriesUnchanged(ctx: FileContext, parts: ReadonlyArray<{ path: string; sha256: string }>): boolean {
  if (!partsUnchanged(ctx.db, parts)) return false;
  const first = documentByPath(ctx.db, parts[0]!.path)!;
  for (const p of parts) ctx.done({ path: p.path, status: 'unchanged', errorCode: null, error: null, sops: p === parts[0] ? sopLines(ctx.db, first.id) : [] });
  return true;
}

/** Queues the outcome of a page series read as one SOP: under its first file, the others stored as its pages. */
function storeSeries(ctx: FileContext, parts: HashedFile[], outcome: Pick<DocumentOutcome, 'format' | 'status' | 'errorCode' | 'error' | 'records' | 'rows'>): void {
  const [first, ...rest] = parts;
  ctx.store({ path: first!.path, sha256: first!.sha256, size: first!.size, ...outcome, replace: true });
  for (const p of rest) ctx.store({ path: p.path, sha256: p.sha256, size: p.size, format: outcome.format, status: 'imported', errorCode: null, error: `a page of ${first!.path}`, records: [], partOf: first!.path, replace: true });
}

/**
 * Imports the files of a page series (parts.ts): when their contents are the pages of one SOP
 * (pipeline.ts processParts), one record from them all under the first file, the other files stored
 * as its parts; otherwise each file alone. Unchanged when every file holds the same bytes as when the
 * series was stored.
 */
async function importSeries(ctx: FileContext, paths: string[]): Promise<void> {
  const { options } = ctx;
  const parts: FilePart[] = [];
  for (const path of paths) {
    try {
      const bytes = await readFile(path);
      parts.push({ path, bytes, sha256: sha256Of(bytes) });
    } catch {
      // a file that cannot be read is reported by importing it alone
      for (const p of paths) await importFile(ctx, p);
      return;
    }
  }
  if (seriesUnchanged(ctx, parts)) return;
  const timeLimitMs = options.fileTimeLimitMs ?? DEFAULT_FILE_TIME_LIMIT_MS;
  let result: ProcessResult | null = null;
  try {
    result = await ctx.inProcess.add(() => processParts(parts, { ...options, deadline: Date.now() + timeLimitMs, onPage: (p, n) => options.onPageOf?.(paths[0]!, p, n) }));
  } catch {
    result = null;
  }
  if (!result) {
    for (const p of paths) await importFile(ctx, p);
    return;
  }
  storeSeries(ctx, parts.map((p) => ({ path: p.path, sha256: p.sha256, size: p.bytes.length })), { format: result.format, status: result.status, errorCode: result.status === 'partial' ? 'no-procedure' : null, error: result.error, records: result.records });
}

/**
 * Imports a file, or the files of a page series, through remote stages (`sop import --queue`):
 * hashes each file here, its bytes held within `budget` only while it is hashed; passes over what
 * the store holds already (as importFile and importSeries do); hands the rest to `remote` by path
 * and hash and queues what comes back for the commit. A series whose files cannot all be read, or
 * that is not the pages of one SOP, is imported file by file. Database and remote errors reject.
 */
async function importRemote(ctx: FileContext, remote: RemoteStages, paths: string[], sizes: number[], budget: ByteBudget): Promise<void> {
  const hashed: Array<HashedFile | { path: string; error: unknown }> = [];
  for (const [i, path] of paths.entries()) {
    await budget.acquire(sizes[i]!);
    try {
      const bytes = await readFile(path);
      hashed.push({ path, sha256: sha256Of(bytes), size: bytes.length });
    } catch (error) {
      hashed.push({ path, error });
    } finally {
      budget.release(sizes[i]!);
    }
  }
  const files = hashed.filter((h): h is HashedFile => !('error' in h));
  if (paths.length > 1 && files.length === paths.length) {
    if (seriesUnchanged(ctx, files)) return;
    const outcome = await remote.series(files);
    if (outcome) {
      storeSeries(ctx, files, { ...outcome, records: [] });
      return;
    }
  }
  await Promise.all(hashed.map(async (h) => {
    if ('error' in h) ctx.store(readFailure(h.path, h.error));
    else if (!settled(ctx, h.path, h.sha256, h.size)) ctx.store({ ...h, ...(await remote.file(h)), records: [] });
  }));
}
