/**
 * `sop worker`: takes import jobs from the queue (jobs.ts) and runs the stages on them, on any
 * machine that sees the files under its --root. A job's files are read from the root, checked
 * against the hashes the collector made, and run through the same stages as an in-process import:
 * text, DOCX and spreadsheets in worker threads (import/pool.ts, stopped at the time limit), PDFs
 * and images here with OCR (import/pipeline.ts processBytes, processParts), its results looked up
 * in and written to the shared cache (ocr-cache.ts). The job's result is the outcome, the records
 * as rows or the recorded error, as import/importer.ts would store it.
 *
 * Failures of the job itself (not of the file): a path outside the root (not tried again), a file
 * the worker cannot find or read, or whose bytes are not the ones hashed (tried again, by any
 * worker, ATTEMPTS times in all). BullMQ takes a job again when its worker stops answering for
 * `stalledAfterMs` (killed, machine gone), once; the second time it fails (jobs.ts failureOf).
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { SopError } from '../errors.js';
import { processBytes, processParts, sha256Of, type FilePart } from '../import/pipeline.js';
import { StagePool } from '../import/pool.js';
import { sniff } from '../read/index.js';
import { createOcrEngine, type EngineChoice, type OcrEngine } from '../read/ocr.js';
import { recordRows } from '../store/rows.js';
import { openRedis, type RedisTarget } from './connection.js';
import { jobDataSchema, JobError, KEY_PREFIX, queueName, type JobData, type JobResult, type QueuedFile, type StagedOutcome } from './jobs.js';
import { sharedCache, type OcrTally } from './ocr-cache.js';

export interface WorkerOptions {
  target: RedisTarget;
  /** The folder the jobs' paths are relative to (each machine's mount of the shared folder). */
  root: string;
  /** Jobs run at once (default 1); as many worker threads for text files and OCR workers. */
  concurrency?: number;
  /** Pages OCRed at once: native processes or tesseract.js threads (default: concurrency). */
  ocrWorkers?: number;
  /** The OCR engine (read/ocr.ts; default `$SOP_OCR_ENGINE` or auto). */
  ocrEngine?: EngineChoice;
  /** Milliseconds after which the job of a worker that stopped answering is taken again (default 30 s). */
  stalledAfterMs?: number;
  /** The program's version: the worker takes the jobs of imports of this version only (jobs.ts queueName). */
  version: string;
  /** One line per job done and per change of the connection. */
  log: (line: string) => void;
}

export interface RunningWorker {
  /** The queue's name, as the collector of the same version uses it. */
  queue: string;
  /** Lets the running jobs finish (or, with `force`, abandons them to be taken again), then stops. */
  close(force?: boolean): Promise<void>;
  /** Settles with the reason when the worker stops by itself: Redis refused its password (no use waiting). */
  refused: Promise<string>;
}

export const DEFAULT_STALLED_AFTER_MS = 30_000;

/** Kinds of file the stage pool takes (the others, PDFs and images, need the OCR engine of this thread). */
const THREADED = new Set(['text', 'docx', 'spreadsheet']);

/**
 * Reads one file of a job from under `root` (a real path). Errors: UnrecoverableError
 * `[outside-root]` for a path that is absolute, climbs out with `..`, or leads out through a
 * symbolic link; JobError `not-found`, `unreadable`, or `changed` when the file's size or bytes
 * are not those the collector hashed (changed since, or this worker's --root maps another folder).
 */
async function readUnder(root: string, f: QueuedFile, maxBytes: number): Promise<Uint8Array> {
  const steps = f.file.split('/');
  if (isAbsolute(f.file) || steps.includes('..')) throw new UnrecoverableError(`[outside-root] ${f.file} is not a path inside the worker's --root`);
  let real: string;
  try {
    real = await realpath(join(root, ...steps));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new JobError(code === 'ENOENT' ? 'not-found' : 'unreadable', `${f.file} ${code === 'ENOENT' ? 'not found' : `cannot be read (${code})`} under the worker's --root ${root}`);
  }
  if (real !== root && !real.startsWith(root + sep)) throw new UnrecoverableError(`[outside-root] ${f.file} leads outside the worker's --root ${root}`);
  let bytes: Uint8Array;
  try {
    const { size } = await stat(real);
    if (size !== f.size || size > maxBytes) throw new JobError('changed', `${f.file} has ${size} bytes under the worker's --root ${root}, not the ${f.size} the import read: changed since, or --root maps another folder`);
    bytes = await readFile(real);
  } catch (e) {
    if (e instanceof JobError) throw e;
    throw new JobError('unreadable', `${f.file} cannot be read under the worker's --root ${root}: ${(e as Error).message}`);
  }
  if (sha256Of(bytes) !== f.sha256) throw new JobError('changed', `${f.file} under the worker's --root ${root} holds other bytes than the import read: changed since, or --root maps another folder`);
  return bytes;
}

/** A stage error as the importer records it: a SopError's code, else `internal`. */
function failed(e: unknown): StagedOutcome {
  return e instanceof SopError
    ? { format: null, status: 'failed', errorCode: e.code, error: e.message, rows: [] }
    : { format: null, status: 'failed', errorCode: 'internal', error: `internal error: ${(e as Error)?.message ?? String(e)}`, rows: [] };
}

/**
 * Starts a worker. Resolves once it listens to the queue (the connection may still be on its way:
 * it waits for Redis as long as it takes, saying so in the log). Errors: the root is not a folder.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const root = await realpath(options.root);
  if (!(await stat(root)).isDirectory()) throw new Error(`--root ${options.root} is not a folder`);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pool = new StagePool(concurrency);
  let engine: Promise<OcrEngine> | null = null;
  const startOcr = (): Promise<OcrEngine> => (engine ??= createOcrEngine({ workers: options.ocrWorkers ?? concurrency, ...(options.ocrEngine ? { engine: options.ocrEngine } : {}) }));
  const redis = openRedis(options.target, 'sop-worker');
  const log = options.log;
  let away = false;
  let refuse: (reason: string) => void = () => undefined;
  const refused = new Promise<string>((resolve) => (refuse = resolve));
  redis.on('error', (e: Error) => {
    if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(e.message)) refuse(`redis ${options.target.shown} refused the password: ${e.message}`);
    else if (!away) log(`redis ${options.target.shown}: ${e.message}; waiting for it`);
    away = true;
  });
  redis.on('ready', () => {
    if (away) log(`redis ${options.target.shown}: connected again`);
    away = false;
  });

  /** The stages on one file, as importFile runs them. */
  const stageFile = async (f: QueuedFile, bytes: Uint8Array, data: JobData, ocr: () => Promise<OcrEngine>): Promise<StagedOutcome> => {
    try {
      const result = THREADED.has(sniff(bytes))
        ? await pool.run(f.path, bytes, f.sha256, data.workingTime ? { workingTime: data.workingTime } : {}, data.timeLimitMs)
        : await processBytes(f.path, bytes, f.sha256, { maxPages: data.maxPages, deadline: Date.now() + data.timeLimitMs, ocr, ...(data.workingTime ? { workingTime: data.workingTime } : {}) }).then(({ records, ...rest }) => ({ ...rest, rows: records.map(recordRows) }));
      return { format: result.format, status: result.status, errorCode: result.status === 'partial' ? 'no-procedure' : null, error: result.error, rows: result.rows };
    } catch (e) {
      return failed(e);
    }
  };

  /** The stages on the files of a page series, as importSeries runs them: null when they are not the pages of one SOP. */
  const stageSeries = async (parts: FilePart[], data: JobData, ocr: () => Promise<OcrEngine>): Promise<StagedOutcome | null> => {
    try {
      const result = await processParts(parts, { maxPages: data.maxPages, deadline: Date.now() + data.timeLimitMs, ocr, ...(data.workingTime ? { workingTime: data.workingTime } : {}) });
      if (!result) return null;
      return { format: result.format, status: result.status, errorCode: result.status === 'partial' ? 'no-procedure' : null, error: result.error, rows: result.records.map(recordRows) };
    } catch {
      return null;
    }
  };

  const processor = async (job: Job): Promise<JobResult> => {
    const started = Date.now();
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`[bad-job] the job is not an import job of this version: ${parsed.error.issues[0]?.message ?? ''}`);
    const data = parsed.data;
    const tally: OcrTally = { used: [], calls: 0, cached: 0 };
    const ocr = async (): Promise<OcrEngine> => sharedCache(await startOcr(), redis, tally);
    const parts: FilePart[] = [];
    for (const f of data.files) parts.push({ path: f.path, bytes: await readUnder(root, f, data.maxBytes), sha256: f.sha256 });
    const outcome = parts.length === 1 ? await stageFile(data.files[0]!, parts[0]!.bytes, data, ocr) : await stageSeries(parts, data, ocr);
    const result: JobResult = { outcome, ocr: tally.used, ocrCalls: tally.calls, ocrCached: tally.cached, ms: Date.now() - started };
    const what = outcome ? `${outcome.status}${outcome.errorCode ? ` (${outcome.errorCode})` : ''}` : 'not one SOP: its files go alone';
    const ocrNote = tally.calls ? `, OCR ${tally.calls - tally.cached} read, ${tally.cached} from the cache` : '';
    log(`${what} ${(result.ms / 1000).toFixed(1)}s ${data.files.map((f) => f.file).join(' + ')}${ocrNote}`);
    return result;
  };

  const stalledAfterMs = options.stalledAfterMs ?? DEFAULT_STALLED_AFTER_MS;
  const name = queueName(options.version);
  const worker = new Worker(name, processor, {
    connection: redis,
    prefix: KEY_PREFIX,
    concurrency,
    lockDuration: stalledAfterMs,
    stalledInterval: stalledAfterMs,
    maxStalledCount: 1,
  });
  // while Redis is away BullMQ reports every attempt to reach it: said once above
  worker.on('error', (e) => {
    if (!away) log(`worker: ${e.message}`);
  });
  worker.on('failed', (job, e) => log(`failed ${(job?.data as JobData | undefined)?.files.map((f) => f.file).join(' + ') ?? job?.id}: ${e.message}`));
  return {
    queue: name,
    refused,
    close: async (force = false) => {
      await worker.close(force);
      await pool.close();
      if (engine) await (await engine).close();
      redis.disconnect();
    },
  };
}
