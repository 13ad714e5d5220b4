/**
 * `sop export`: the stored records exactly as SOP-RECORD.md defines them, as one JSON array or as
 * JSON Lines (one record a line). Records are streamed from the database one at a time.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
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
 * Writes the export to a file (its folder created), or to stdout when `path` is undefined or `-`.
 * The file is written under a temporary name and renamed when complete, so an interrupted export
 * never leaves a truncated file in its place.
 */
export async function exportTo(db: Db, format: ExportFormat, path: string | undefined): Promise<number> {
  if (!path || path === '-') return exportRecords(db, format, process.stdout);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const file = createWriteStream(tmp, 'utf8');
  try {
    const n = await exportRecords(db, format, file);
    file.end();
    await once(file, 'close');
    await rename(tmp, path);
    return n;
  } catch (e) {
    file.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
