/**
 * The collector's side of `sop import --queue`: remote stages (import/importer.ts RemoteStages)
 * that queue one BullMQ job per file or page series (jobs.ts) and answer with what a `sop worker`
 * returned; the importer stores it as it stores its own outcomes (one writer, in groups,
 * content-addressed). The OCR results a job brings are kept in the database's OCR cache.
 *
 * Faults:
 * - the collector killed: a job's id is made from its files, hashes and limits (jobs.ts jobIdOf),
 *   so the import run again finds its jobs waiting, running or done instead of queueing them twice;
 *   a job is removed once its answer is taken, and done jobs left behind expire after a week;
 * - answers are taken from BullMQ's events, and every SWEEP_MS the jobs not answered are looked up
 *   (events missed while Redis was away); a job Redis lost (restarted without its data) is queued
 *   again;
 * - Redis away: the import waits for it, at most `waitMs`, then every file not answered fails the
 *   import with QueueUnavailableError (the files stored before stay; running it again goes on);
 * - a job that failed (its file stopped a worker twice, or could not be read by the workers) is
 *   the file's failure, with the code jobs.ts failureOf gives.
 */
import { relative, sep } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { HashedFile, RemoteOutcome, RemoteStages } from '../import/importer.js';
import type { WorkingTime } from '../normalise/duration.js';
import type { OcrCache } from '../read/ocr.js';
import type { Db } from '../store/db.js';
import { databaseOcrCache } from '../store/ocr-cache.js';
import { openRedis, type RedisTarget } from './connection.js';
import { failureOf, jobIdOf, KEY_PREFIX, queueName, type JobData, type JobResult } from './jobs.js';
import { copyOcrCache } from './ocr-cache.js';

export interface CollectorOptions {
  target: RedisTarget;
  /** The folder the jobs' paths are given relative to (a real path); a file outside it fails as `outside-root`. */
  root: string;
  /** The program's version (jobs.ts queueName). */
  version: string;
  /** Milliseconds Redis may be away (unreachable at the start, or gone during the import) before the import stops. */
  waitMs: number;
  /** The import's limits, applied by the workers (importer ImportOptions: maxBytes, maxPages, fileTimeLimitMs, workingTime). */
  maxBytes: number;
  maxPages: number;
  timeLimitMs: number;
  workingTime?: WorkingTime;
  /** Jobs queued and not yet answered, at most (default 1000). */
  inFlight?: number;
  /** The database's real path, naming its OCR cache in Redis (ocr-cache.ts copyOcrCache); ':memory:' copies nothing. */
  dbKey: string;
}

/** The import cannot reach Redis any more; the message says for how long and what to do. */
export class QueueUnavailableError extends Error {}

/** Jobs of the queue and of this import. */
export interface QueueCounts {
  /** In the whole queue (every import using it): waiting for a worker, and being run. */
  waiting: number;
  active: number;
  /** Of this import: answered, and of those, failed jobs (not files failed by their content). */
  done: number;
  failed: number;
}

export const DEFAULT_IN_FLIGHT = 1000;
/** Milliseconds between looks at the jobs not answered yet. */
export const SWEEP_MS = 10_000;
/** Seconds a done job left behind by a killed collector is kept for the next run. */
const KEEP_SECONDS = 7 * 24 * 3600;
/** Tries of a job the workers fail (file not found or changed on their side); a worker's death is counted apart (worker.ts). */
const ATTEMPTS = 3;

interface Pending {
  data: JobData;
  resolve: (r: JobResult | { failed: string }) => void;
  reject: (e: Error) => void;
}

export class QueueStages implements RemoteStages {
  readonly inFlight: number;
  private readonly pending = new Map<string, Pending>();
  private readonly cache: OcrCache;
  private done = 0;
  private failedJobs = 0;
  private awaySince: number | null = null;
  private broken: QueueUnavailableError | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly db: Db,
    private readonly options: CollectorOptions,
    private readonly clients: [main: Redis, events: Redis],
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {
    this.inFlight = options.inFlight ?? DEFAULT_IN_FLIGHT;
    this.cache = databaseOcrCache(db);
  }

  /**
   * Connects to the queue, waiting for Redis at most `waitMs`, and copies the database's OCR cache
   * into Redis (ocr-cache.ts). Errors: QueueUnavailableError when Redis cannot be reached in time
   * (wrong address, password refused, TLS refused: the last error is said).
   */
  static async open(db: Db, options: CollectorOptions): Promise<QueueStages> {
    const redis = openRedis(options.target, 'sop-import');
    // up, refused (a password wrong or missing: no use waiting), or not up within waitMs
    const refused = /NOAUTH|WRONGPASS|invalid password|invalid username/i;
    let lastError = '';
    const late = await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(`waited ${Math.round(options.waitMs / 1000)} s (--queue-wait)`), options.waitMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve(null);
      });
      redis.on('error', (e: Error) => {
        lastError = e.message;
        if (refused.test(e.message)) {
          clearTimeout(timer);
          resolve('refused');
        }
      });
    });
    if (late) {
      redis.disconnect();
      throw new QueueUnavailableError(`the queue at ${options.target.shown} cannot be reached${lastError ? ` (${lastError})` : ''}: ${late}`);
    }
    const name = queueName(options.version);
    const queue = new Queue(name, { connection: redis, prefix: KEY_PREFIX });
    // the events are read with a blocking command: a connection of their own
    const eventsRedis = openRedis(options.target, 'sop-import-events');
    eventsRedis.on('error', () => undefined);
    const events = new QueueEvents(name, { connection: eventsRedis, prefix: KEY_PREFIX });
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    await events.waitUntilReady();
    if (options.dbKey !== ':memory:') await copyOcrCache(db, redis, options.dbKey);
    const stages = new QueueStages(db, options, [redis, eventsRedis], queue, events);
    stages.listen();
    return stages;
  }

  /** Answers jobs from BullMQ's events; watches the connection; sweeps now and then. */
  private listen(): void {
    // a look that fails (Redis gone meanwhile) is made again by the sweep
    this.events.on('completed', ({ jobId }) => void this.fetch(jobId).catch(() => undefined));
    this.events.on('failed', ({ jobId }) => void this.fetch(jobId).catch(() => undefined));
    const redis = this.clients[0];
    redis.on('close', () => {
      this.awaySince ??= Date.now();
    });
    redis.on('ready', () => {
      const wasAway = this.awaySince !== null;
      this.awaySince = null;
      // events sent while the connection was down are lost to this collector
      if (wasAway) void this.sweep();
    });
    this.timers.push(setInterval(() => {
      if (this.awaySince !== null && Date.now() - this.awaySince > this.options.waitMs) {
        this.fail(new QueueUnavailableError(`the queue at ${this.options.target.shown} has been unreachable for ${Math.round((Date.now() - this.awaySince) / 1000)} s (--queue-wait): the import stopped; the files reported are stored, run it again to go on`));
      }
    }, 1000));
    this.timers.push(setInterval(() => void this.sweep(), SWEEP_MS));
  }

  /** Rejects everything pending, and every later call, with `error`. */
  private fail(error: QueueUnavailableError): void {
    this.broken ??= error;
    for (const [, p] of this.pending) p.reject(error);
    this.pending.clear();
  }

  /** Looks at every job not answered: finished ones are taken, lost ones queued again. */
  private async sweep(): Promise<void> {
    for (const id of [...this.pending.keys()]) {
      if (this.awaySince !== null || this.broken) return;
      await this.fetch(id).catch(() => undefined);
    }
  }

  /**
   * Takes the answer of job `id` when it is finished (then removes the job), queues it again when
   * Redis lost it; does nothing for a job of no pending call (another import's) or not finished.
   */
  private async fetch(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (!p) return;
    const job = await Job.fromId<JobData, JobResult>(this.queue, id);
    if (!this.pending.has(id)) return;
    if (!job) {
      await this.add(id, p.data);
      return;
    }
    if (!job.finishedOn) return;
    this.pending.delete(id);
    if (job.failedReason && !job.returnvalue) {
      this.failedJobs++;
      p.resolve({ failed: job.failedReason });
    } else {
      p.resolve(job.returnvalue);
    }
    this.done++;
    await job.remove().catch(() => undefined);
  }

  private async add(id: string, data: JobData): Promise<void> {
    await this.queue.add('import', data, {
      jobId: id,
      attempts: ATTEMPTS,
      backoff: { type: 'fixed', delay: 2000 },
      removeOnComplete: { age: KEEP_SECONDS },
      removeOnFail: { age: KEEP_SECONDS },
    });
  }

  /** Queues a job for `files` (or finds it queued) and resolves with its answer. */
  private async run(files: HashedFile[]): Promise<JobResult | { failed: string }> {
    if (this.broken) throw this.broken;
    const data: JobData = {
      files: files.map((f) => ({ path: f.path, file: relative(this.options.root, f.path).split(sep).join('/'), sha256: f.sha256, size: f.size })),
      maxBytes: this.options.maxBytes,
      maxPages: this.options.maxPages,
      timeLimitMs: this.options.timeLimitMs,
      ...(this.options.workingTime ? { workingTime: this.options.workingTime } : {}),
    };
    const id = jobIdOf(data);
    const answer = new Promise<JobResult | { failed: string }>((resolve, reject) => this.pending.set(id, { data, resolve, reject }));
    // queueing waits for Redis while it is away, and the answer may fail meanwhile (QueueUnavailableError);
    // a job found done already (queued by a run before this one) sends no event: looked at once queued;
    // a job whose queueing failed is queued again by the sweep
    void this.add(id, data).then(() => this.fetch(id)).catch(() => undefined);
    const result = await answer;
    if (!('failed' in result)) for (const [key, ocr] of result.ocr) this.cache.set(key, ocr);
    return result;
  }

  /** The outcome of `file` from a worker; `outside-root` without queueing when the workers cannot see it. */
  async file(file: HashedFile): Promise<RemoteOutcome> {
    if (!this.inside(file.path)) return { format: null, status: 'failed', errorCode: 'outside-root', error: `outside the import's --root ${this.options.root}: the workers cannot see it`, rows: [] };
    const result = await this.run([file]);
    if ('failed' in result) {
      const { code, message } = failureOf(result.failed);
      return { format: null, status: 'failed', errorCode: code, error: message, rows: [] };
    }
    return result.outcome!;
  }

  /** The outcome of a page series from a worker; null when they are no one SOP, or the job failed (each file then goes alone). */
  async series(files: HashedFile[]): Promise<RemoteOutcome | null> {
    if (!files.every((f) => this.inside(f.path))) return null;
    const result = await this.run(files);
    return 'failed' in result ? null : result.outcome;
  }

  /** The counts of the queue and of this import. Errors: Redis's. */
  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'prioritized');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, done: this.done, failed: this.failedJobs };
  }

  /** Whether Redis is reachable now. */
  get connected(): boolean {
    return this.awaySince === null;
  }

  /** Stops listening and closes the connections; jobs not answered stay queued for the next run. */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.fail(this.broken ?? new QueueUnavailableError('the queue is closed'));
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    for (const c of this.clients) c.disconnect();
  }

  private inside(path: string): boolean {
    const rel = relative(this.options.root, path);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
  }
}
