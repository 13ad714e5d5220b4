/**
 * The stage pool: worker threads that run the pure stages (read → segment → normalise) on text,
 * markdown, HTML, DOCX and spreadsheet files while the main thread reads, hashes and writes the
 * database.
 * Segmentation is CPU-bound; on the 2 cores of an ordinary office PC one thread cannot reach the
 * import rate of issue 5 (README, Performance). PDFs and images stay on the main thread, where the
 * OCR engine and its database cache live.
 *
 * A file that runs past its deadline has its worker terminated (the only way to stop synchronous
 * code) and gets a `timeout` error; a new worker takes the dead one's place.
 */
import { Worker } from 'node:worker_threads';
import { SopError, type ErrorCode } from '../errors.js';
import type { BuildOptions } from '../record/build.js';
import type { RecordRows } from '../store/rows.js';
import type { ProcessResult } from './pipeline.js';

/** The stages' result as a worker sends it: the records as the rows the store writes (rows.ts). */
export type StageResult = Omit<ProcessResult, 'records'> & { rows: RecordRows[] };

/** One file for a worker. */
export interface StageJob {
  id: number;
  path: string;
  bytes: Uint8Array;
  sha256: string;
  options: BuildOptions;
}

/** A worker's answer: the result, or the error (`sop`: a SopError with its code). */
export type StageReply = { id: number; result: StageResult } | { id: number; error: { sop: boolean; code: string; message: string } };

interface Pending {
  job: StageJob;
  /** Milliseconds the job may run, counted from when its worker starts it. */
  timeLimitMs: number;
  resolve: (r: StageResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs posted to the worker, in the order it runs them; the first is running. */
  posted: Pending[];
  /** Fires at the running job's deadline. */
  timer: NodeJS.Timeout | null;
}

/**
 * Jobs posted to a worker ahead of the one it runs: the worker goes on with them while the main
 * thread is busy committing a group of files (GroupWriter), instead of waiting for its next job.
 * The importer reads as many files ahead per worker (FILES_AHEAD_PER_THREAD).
 */
const POSTED_AHEAD = 8;

/** The compiled worker next to this module (dist/src/import/worker.js). */
export const DEFAULT_WORKER_SCRIPT = new URL('./worker.js', import.meta.url);

export class StagePool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private nextId = 0;
  private closed = false;

  /**
   * Starts `size` workers (at least 1) from `script` (default: the compiled worker.js beside this
   * module; tests running the TypeScript sources pass the built one).
   */
  constructor(size: number, private readonly script: URL = DEFAULT_WORKER_SCRIPT) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  /**
   * Runs the stages on one file. Resolves to the pipeline's result with its records as rows (the
   * records are validated with the record schema in the worker); rejects with the SopError the
   * stages threw (`not-sop`, `empty`, `binary`, `invalid-docx` …), a SopError `timeout` when
   * the job runs longer than `timeLimitMs` (counted from when a worker starts it, not while it
   * waits), or an Error for a defect in a stage.
   */
  run(path: string, bytes: Uint8Array, sha256: string, options: BuildOptions, timeLimitMs: number): Promise<StageResult> {
    if (this.closed) return Promise.reject(new Error('the stage pool is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ job: { id: this.nextId++, path, bytes, sha256, options }, timeLimitMs, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the workers; jobs still waiting are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.splice(0)) p.reject(new Error('the stage pool is closed'));
    await Promise.all(this.slots.map((s) => {
      if (s.timer) clearTimeout(s.timer);
      for (const p of s.posted.splice(0)) p.reject(new Error('the stage pool is closed'));
      return s.worker.terminate();
    }));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script), posted: [], timer: null };
    slot.worker.on('message', (reply: StageReply) => this.settle(slot, reply));
    slot.worker.on('error', (e) => this.replace(slot, e));
    // a worker does not exit on its own; an exit outside close() is a crash (out of memory)
    slot.worker.on('exit', (code) => {
      if (!this.closed) this.replace(slot, new Error(`the worker thread stopped (exit code ${code})`));
    });
    return slot;
  }

  /** Posts waiting jobs to the workers with the fewest posted, up to POSTED_AHEAD each. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const slot = this.slots.reduce((a, b) => (b.posted.length < a.posted.length ? b : a));
      if (slot.posted.length >= POSTED_AHEAD) return;
      const p = this.waiting.shift()!;
      slot.posted.push(p);
      slot.worker.postMessage(p.job);
      if (slot.posted.length === 1) this.arm(slot);
    }
  }

  /** Starts the time limit of the job the slot runs now (the first posted). */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const running = slot.posted[0];
    if (running) slot.timer = setTimeout(() => this.replace(slot, new SopError('timeout', 'stopped: over the time limit per file (--time-limit)')), Math.max(0, running.timeLimitMs));
  }

  private settle(slot: Slot, reply: StageReply): void {
    const p = slot.posted[0];
    if (!p || p.job.id !== reply.id) return;
    slot.posted.shift();
    this.arm(slot);
    if ('result' in reply) p.resolve(reply.result);
    else if (reply.error.sop) p.reject(new SopError(reply.error.code as ErrorCode, reply.error.message));
    else p.reject(new Error(reply.error.message));
    this.dispatch();
  }

  /**
   * Fails the job the slot runs with `error`, puts a new worker in the slot and gives the jobs
   * posted after it (not started) back to the queue.
   */
  private replace(slot: Slot, error: Error): void {
    if (this.closed) return;
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    if (slot.timer) clearTimeout(slot.timer);
    const [running, ...notStarted] = slot.posted;
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    this.slots[i] = this.spawn();
    this.waiting.unshift(...notStarted);
    running?.reject(error);
    this.dispatch();
  }
}
