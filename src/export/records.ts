/**
 * `sop export`: the stored records exactly as SOP-RECORD.md defines them, as one JSON array or as
 * JSON Lines (one record a line). Records are streamed from the database one at a time.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Db } from '../store/db.js';
import { iterateRecords } from '../store/read.js';

export type ExportFormat = 'json' | 'jsonl';

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes every record to `out`. Returns the number of records written. */
export async function exportRecords(db: Db, format: ExportFormat, out: Writable): Promise<number> {
  let n = 0;
  if (format === 'json') await write(out, '[');
  for (const record of iterateRecords(db)) {
    const text = format === 'json' ? JSON.stringify(record, null, 2).replace(/\n/g, '\n  ') : JSON.stringify(record);
    if (format === 'json') await write(out, `${n ? ',' : ''}\n  ${text}`);
    else await write(out, `${text}\n`);
    n++;
  }
  if (format === 'json') await write(out, n ? '\n]\n' : ']\n');
  return n;
}

/**
 * Stops a stream written in vain and waits until it is closed; the errors of writes still queued
 * (ERR_STREAM_DESTROYED, issue 12: an export from a damaged database crashed with them) are
 * dropped: the error that stopped the export is the one reported.
 */
export async function discard(stream: Writable): Promise<void> {
  stream.on('error', () => undefined);
  stream.destroy();
  await finished(stream).catch(() => undefined);
}

/**
 * Writes the export to a file (its folder created), or to stdout when `path` is undefined or `-`.
 * The file is written under a temporary name and renamed when complete, so an interrupted export
 * (a damaged database, a full disk) never leaves a truncated file in its place, nor the temporary
 * one. Errors: the database's or the file system's error rejects.
 */
export async function exportTo(db: Db, format: ExportFormat, path: string | undefined): Promise<number> {
  if (!path || path === '-') return exportRecords(db, format, process.stdout);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const file = createWriteStream(tmp, 'utf8');
  try {
    const n = await exportRecords(db, format, file);
    file.end();
    await finished(file);
    await rename(tmp, path);
    return n;
  } catch (e) {
    await discard(file);
    await rm(tmp, { force: true });
    throw e;
  }
}
