/**
 * CSV export: one file per table of tables.ts (sops.csv, steps.csv, legal_bases.csv, actors.csv)
 * in a folder, written with csv-stringify (RFC 4180 quoting, a header row, UTF-8, `\n` line ends,
 * booleans as `true`/`false`). UTF-8 carries no byte-order mark unless asked (`bom`): Excel on
 * Windows reads a CSV without one in the ANSI code page and garbles non-ASCII letters. Records
 * are streamed from the store once; each file is written under a temporary name and renamed when
 * complete.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import type { Db } from '../store/db.js';
import { iterateRecords } from '../store/read.js';
import { TABLES } from './tables.js';
import { discard } from './records.js';

export interface CsvOptions {
  /** Start each file with a UTF-8 byte-order mark, for Excel on Windows (default false). */
  bom?: boolean;
}

/**
 * Writes the four CSV files into `dir` (created when missing). Returns the rows written per table.
 * Errors: file-system errors (EACCES, ENOSPC; EEXIST when `dir` is a file) and the database's
 * reject; no partial file is left under a final name.
 */
export async function exportCsv(db: Db, dir: string, options: CsvOptions = {}): Promise<Record<string, number>> {
  await mkdir(dir, { recursive: true });
  const outs = TABLES.map((t) => {
    const path = join(dir, `${t.name}.csv`);
    const tmp = `${path}.${process.pid}.tmp`;
    const csv: Stringifier = stringify({ header: true, columns: [...t.columns], bom: !!options.bom, cast: { boolean: (b) => (b ? 'true' : 'false') } });
    const file = createWriteStream(tmp, 'utf8');
    csv.pipe(file);
    return { t, path, tmp, csv, file, rows: 0 };
  });
  try {
    for (const record of iterateRecords(db)) {
      for (const o of outs) {
        for (const row of o.t.rows(record)) {
          o.rows++;
          if (!o.csv.write(row)) await once(o.csv, 'drain');
        }
      }
    }
    for (const o of outs) o.csv.end();
    await Promise.all(outs.map((o) => finished(o.file)));
    for (const o of outs) await rename(o.tmp, o.path);
  } catch (e) {
    for (const o of outs) {
      await discard(o.csv);
      await discard(o.file);
      await rm(o.tmp, { force: true });
    }
    throw e;
  }
  return Object.fromEntries(outs.map((o) => [o.t.name, o.rows]));
}
