/**
 * The command line of imports on many machines (README, "Running on many machines"): `sop import
 * --queue URL` (its collector side, opened here) and `sop worker --queue URL`.
 */
import { realpathSync, statSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Db } from '../store/db.js';
import { QueueStages, QueueUnavailableError } from '../queue/collector.js';
import { QueueUrlError, redisTarget } from '../queue/connection.js';
import { DEFAULT_STALLED_AFTER_MS, startWorker } from '../queue/worker.js';
import { packageVersion, positiveInt, UserError } from './common.js';
import type { ImportProgress } from './progress.js';
import type { EngineChoice } from '../read/ocr.js';

/** Seconds the import waits for an unreachable Redis by default (--queue-wait). */
export const DEFAULT_QUEUE_WAIT_S = 300;

/**
 * The --queue option, also read from the SOP_QUEUE variable: a password in a command line can be
 * read by every user of the machine (`ps`), one in the environment cannot.
 */
export function queueOption(description: string): Option {
  return new Option('--queue <url>', description).env('SOP_QUEUE').argParser(queueUrl);
}

/** Commander parser of --queue: the URL, checked (connection.ts); a usage error otherwise. */
function queueUrl(value: string): string {
  try {
    redisTarget(value);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof QueueUrlError ? e.message : String(e));
  }
  return value;
}

/** The real path of a --root folder. Errors: UserError when it is no folder. */
function rootFolder(root: string): string {
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    throw new UserError(`--root ${root}: no such folder`);
  }
  if (!statSync(real).isDirectory()) throw new UserError(`--root ${root} is not a folder`);
  return real;
}

export interface QueueImportOptions {
  queue: string;
  root?: string;
  queueWait: number;
  maxBytes: number;
  maxPages: number;
  timeLimit: number;
}

/**
 * Opens the collector of `sop import --queue` on `db` (stored at `dbPath`) and shows the queue's
 * counts on `progress` every second. Errors: UserError when the root is no folder or Redis cannot
 * be reached within --queue-wait.
 */
export async function openQueueImport(db: Db, dbPath: string, opts: QueueImportOptions, progress: ImportProgress): Promise<{ stages: QueueStages; close: () => Promise<void> }> {
  const root = rootFolder(opts.root ?? '.');
  let stages: QueueStages;
  try {
    stages = await QueueStages.open(db, {
      target: redisTarget(opts.queue),
      root,
      version: packageVersion(),
      waitMs: opts.queueWait * 1000,
      maxBytes: opts.maxBytes,
      maxPages: opts.maxPages,
      timeLimitMs: opts.timeLimit * 1000,
      dbKey: dbPath === ':memory:' ? dbPath : realpathSync(dbPath),
    });
  } catch (e) {
    throw e instanceof QueueUnavailableError ? new UserError(e.message) : e;
  }
  let asking = false;
  const show = (): void => {
    // while Redis is away a count would wait for it: the line says so instead
    if (!stages.connected) {
      progress.queue({ waiting: 0, active: 0, done: 0, failed: 0, connected: false });
      return;
    }
    if (asking) return;
    asking = true;
    stages.counts().then((c) => progress.queue({ ...c, connected: true }), () => undefined).finally(() => {
      asking = false;
    });
  };
  const timer = setInterval(show, 1000);
  timer.unref();
  return {
    stages,
    close: async () => {
      clearInterval(timer);
      await stages.close();
    },
  };
}

/** Registers `sop worker`. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the stages of `sop import --queue` jobs on this machine until stopped (Ctrl-C: finish the running jobs, twice: stop now)')
    .addOption(queueOption('the Redis of the import: redis://[:PASSWORD@]HOST:PORT[/DB], rediss:// for TLS').makeOptionMandatory())
    .option('--root <dir>', "this machine's folder for the import's --root (the shared folder); paths outside it are refused", '.')
    .option('--concurrency <n>', 'jobs at once (as many OCR workers, about 100 MB each)', positiveInt, 1)
    .option('--ocr-workers <n>', 'pages OCRed at once: native tesseract processes or tesseract.js threads (default: --concurrency)', positiveInt)
    .addOption(new Option('--ocr-engine <engine>', 'OCR engine: native (the tesseract command), wasm (tesseract.js), auto (native when installed; default, or $SOP_OCR_ENGINE)').choices(['auto', 'native', 'wasm']))
    .option('--stalled-after <seconds>', "seconds after which the job of a worker that stopped answering is taken again (every worker's setting should agree)", positiveInt, DEFAULT_STALLED_AFTER_MS / 1000)
    .action(async (opts: { queue: string; root: string; concurrency: number; ocrWorkers?: number; ocrEngine?: EngineChoice; stalledAfter: number }) => {
      const target = redisTarget(opts.queue);
      const root = rootFolder(opts.root);
      const log = (line: string): void => void process.stdout.write(`${line}\n`);
      const worker = await startWorker({
        target, root, version: packageVersion(), concurrency: opts.concurrency, stalledAfterMs: opts.stalledAfter * 1000, log,
        ...(opts.ocrWorkers ? { ocrWorkers: opts.ocrWorkers } : {}),
        ...(opts.ocrEngine ? { ocrEngine: opts.ocrEngine } : {}),
      });
      process.stderr.write(`sop worker: queue ${worker.queue} at ${target.shown}, root ${root}, ${opts.concurrency} job(s) at once; Ctrl-C to stop\n`);
      const refused = await new Promise<string | null>((resolve) => {
        void worker.refused.then((reason) => worker.close(true).then(() => resolve(reason), () => resolve(reason)));
        let signals = 0;
        const stop = (): void => {
          signals++;
          if (signals === 1) {
            process.stderr.write('sop worker: finishing the running jobs (Ctrl-C again: stop now, they will be taken again)\n');
            void worker.close().then(() => resolve(null), () => resolve(null));
          } else void worker.close(true).then(() => resolve(null), () => resolve(null));
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      if (refused) throw new UserError(refused);
    });
}
