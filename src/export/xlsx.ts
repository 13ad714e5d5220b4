/**
 * XLSX export: one workbook with a sheet per table of tables.ts (sops, steps, legal_bases,
 * actors), for records offices that work in Excel. Written with exceljs's streaming writer, one
 * sheet at a time (one pass over the records per sheet), so memory stays bounded; the header row
 * is bold and frozen. Whole ISO dates are date cells (shown `yyyy-mm-dd`, so Excel sorts and
 * filters them as dates), partial ones (`2021`) stay text; booleans are logical cells. An Excel sheet holds at most 1,048,576 rows: a larger table is refused
 * before anything is written (export CSV instead).
 */
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Db } from '../store/db.js';
import { iterateRecords } from '../store/read.js';
import { discard } from './records.js';
import { TABLES, type Cell } from './tables.js';

/** A whole ISO date as the date (UTC midnight) an Excel cell holds; anything else as it is. */
function excelValue(cell: Cell, isDate: boolean): Cell | Date {
  if (!isDate || typeof cell !== 'string') return cell;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : cell;
}

/** Rows of an Excel sheet, the header row included (Excel specifications and limits). */
export const EXCEL_MAX_ROWS = 1_048_576;

/**
 * Writes the workbook to `path` (its folder created). Returns the rows written per sheet. Errors:
 * a table too large for a sheet (checked from the store's row counts) and file-system errors
 * reject; no partial file is left under `path`.
 */
export async function exportXlsx(db: Db, path: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {
    sops: db.prepare('SELECT COUNT(*) FROM sops').pluck().get() as number,
    steps: db.prepare('SELECT COUNT(*) FROM steps').pluck().get() as number,
    actors: db.prepare('SELECT COUNT(*) FROM actors').pluck().get() as number,
  };
  for (const [name, n] of Object.entries(sizes)) {
    if (n + 1 > EXCEL_MAX_ROWS) throw new Error(`the ${name} table has ${n} rows, more than an Excel sheet holds (${EXCEL_MAX_ROWS - 1}): export CSV instead`);
  }
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  // the file's stream is ours, so that a failed export waits for it to close before removing the
  // file (removed while the stream was still opening it, it came back afterwards)
  const file = createWriteStream(tmp);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useStyles: true, useSharedStrings: false });
  const written: Record<string, number> = {};
  try {
    for (const t of TABLES) {
      const sheet = book.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
      const header = sheet.addRow([...t.columns]);
      header.font = { bold: true };
      header.commit();
      const dates = new Set((t.dates ?? []).map((c) => t.columns.indexOf(c)));
      let n = 0;
      for (const record of iterateRecords(db)) {
        for (const row of t.rows(record)) {
          if (++n + 1 > EXCEL_MAX_ROWS) throw new Error(`the ${t.name} table has more rows than an Excel sheet holds (${EXCEL_MAX_ROWS - 1}): export CSV instead`);
          const values = row.map((cell, i) => excelValue(cell, dates.has(i)));
          const added = sheet.addRow(values);
          for (const i of dates) if (values[i] instanceof Date) added.getCell(i + 1).numFmt = 'yyyy-mm-dd';
          added.commit();
        }
      }
      sheet.commit();
      written[t.name] = n;
    }
    await book.commit();
    await rename(tmp, path);
  } catch (e) {
    await discard(file);
    await rm(tmp, { force: true });
    throw e;
  }
  return written;
}
