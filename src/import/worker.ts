/**
 * The worker thread of the stage pool (pool.ts): runs the pure stages (pipeline.ts processBytes)
 * on the files the main thread sends and posts back the records as rows (store/rows.ts), or the
 * typed error. It has no
 * database and no OCR engine: it takes text, markdown, HTML, DOCX and spreadsheet files only.
 */
import { parentPort } from 'node:worker_threads';
import { SopError } from '../errors.js';
import { processBytes } from './pipeline.js';
import { recordRows } from '../store/rows.js';
import type { StageJob, StageReply } from './pool.js';

if (!parentPort) throw new Error('src/import/worker.ts runs as a worker thread of the stage pool');
const port = parentPort;

port.on('message', async (job: StageJob) => {
  let reply: StageReply;
  try {
    const { records, ...rest } = await processBytes(job.path, job.bytes, job.sha256, job.options);
    reply = { id: job.id, result: { ...rest, rows: records.map(recordRows) } };
  } catch (e) {
    const error = e instanceof SopError ? { sop: true, code: e.code, message: e.message } : { sop: false, code: 'internal', message: (e as Error)?.message ?? String(e) };
    reply = { id: job.id, error };
  }
  port.postMessage(reply);
});
