/**
 * The worker thread of the stage pool (pool.ts): runs the pure stages (pipeline.ts processBytes)
 * on the files the main thread sends and posts back the records as rows (store/rows.ts), or the
 * typed error. It has no database and no OCR engine: it takes text, markdown, HTML, DOCX and
 * spreadsheet files only.
 *
 * Jobs run one at a time, in the order they were posted, and are answered in that order: reading
 * a DOCX awaits (unzipping), and a text file posted after it must not start, and answer first, in
 * the meantime. The pool times the job it believes is running (issue 12: a text file queued behind
 * a DOCX was stopped as `timeout`).
 */
import { parentPort } from 'node:worker_threads';
import { SopError } from '../errors.js';
import { processBytes } from './pipeline.js';
import { recordRows } from '../store/rows.js';
import type { StageJob, StageReply } from './pool.js';

if (!parentPort) throw new Error('src/import/worker.ts runs as a worker thread of the stage pool');
const port = parentPort;

/** Runs one job to its reply; never rejects. */
async function run(job: StageJob): Promise<StageReply> {
  try {
    const { records, ...rest } = await processBytes(job.path, job.bytes, job.sha256, job.options);
    return { id: job.id, result: { ...rest, rows: records.map(recordRows) } };
  } catch (e) {
    const error = e instanceof SopError ? { sop: true, code: e.code, message: e.message } : { sop: false, code: 'internal', message: (e as Error)?.message ?? String(e) };
    return { id: job.id, error };
  }
}

/** The job running now and those posted after it, chained: each starts when the one before has answered. */
let chain: Promise<void> = Promise.resolve();

port.on('message', (job: StageJob) => {
  chain = chain.then(async () => {
    const reply = await run(job);
    try {
      port.postMessage(reply);
    } catch (e) {
      // a result that cannot be sent is this job's failure, not the end of the chain
      port.postMessage({ id: job.id, error: { sop: false, code: 'internal', message: `the result could not be sent: ${(e as Error).message}` } } satisfies StageReply);
    }
  });
});
