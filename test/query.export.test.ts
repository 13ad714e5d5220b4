/** CSV and XLSX table exports of the corpus, read back. */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { exportCsv } from '../src/export/csv.js';
import { exportTo } from '../src/export/records.js';
import { exportXlsx } from '../src/export/xlsx.js';
import { TABLES } from '../src/export/tables.js';
import { openDatabase, type Db } from '../src/store/db.js';

let dir: string;
let db: Db;
const ROWS = { sops: 5, steps: 54, legal_bases: 19, actors: 22 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-export-'));
  db = openDatabase(join(dir, 'sop.db'));
  await importPaths(db, [fileURLToPath(new URL('../corpus/', import.meta.url))]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exportCsv', () => {
  it('writes one file per table, quoted where needed', async () => {
    const out = join(dir, 'csv');
    expect(await exportCsv(db, out)).toEqual(ROWS);
    expect(readdirSync(out).sort()).toEqual(['actors.csv', 'legal_bases.csv', 'sops.csv', 'steps.csv']);
    const steps = readFileSync(join(out, 'steps.csv'), 'utf8');
    expect(steps.split('\n')[0]).toBe(TABLES[1]!.columns.join(','));
    // seed 003 step 4 has three actors: one cell, newline-separated, quoted
    expect(steps).toContain('"Kepala Bagian Keuangan, Kepegawaian Dan\nKasubbag Kepegawaian, Program & Evaluasi\nJabatan Pelaksana"');
    const legal = readFileSync(join(out, 'legal_bases.csv'), 'utf8');
    expect(legal).toMatch(/^f5699b169f4640c8-0,0,amended,perda:kabupaten-pesisir-selatan:8:2016,perda,Kabupaten Pesisir Selatan,8,2016,/m);
    expect(readFileSync(join(out, 'actors.csv'), 'utf8')).toContain('739159f659619969-0,1,Kasubag PKP,"Kepala Subbagian Perencanaan, Keuangan dan Pelaporan",kepala subbagian perencanaan keuangan pelaporan');
  });
});

describe('exportXlsx', () => {
  it('writes one workbook with a sheet per table', async () => {
    const file = join(dir, 'x', 'sop.xlsx');
    expect(await exportXlsx(db, file)).toEqual(ROWS);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((s) => [s.name, s.rowCount - 1])).toEqual(Object.entries(ROWS));
    const sops = book.getWorksheet('sops')!;
    expect(sops.getRow(1).getCell(1).value).toBe('id');
    const titles = (sops.getColumn(6).values as unknown[]).slice(2);
    expect(titles).toContain('Mekanisme Pengumpulan Data Kinerja');
    expect(sops.getRow(2).getCell(22).value).toBe(4145); // seed 000: total working minutes
  });
});

describe('tables for researchers (issue 12)', () => {
  it('XLSX: whole dates are date cells, partial ones text, booleans logical cells', async () => {
    const file = join(dir, 'typed', 'sop.xlsx');
    await exportXlsx(db, file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sops = book.getWorksheet('sops')!;
    const column = (name: string): number => TABLES[0]!.columns.indexOf(name) + 1;
    const byId = new Map<string, ExcelJS.Row>();
    sops.eachRow((row, n) => n > 1 && byId.set(String(row.getCell(1).value), row));
    const seed001 = byId.get('6372f5c50859848c-0')!;
    expect(seed001.getCell(column('created_date')).value).toEqual(new Date(Date.UTC(2024, 7, 13)));
    expect(seed001.getCell(column('created_date')).numFmt).toBe('yyyy-mm-dd');
    expect(byId.get('bc7aacf233599990-0')!.getCell(column('created_date')).value).toBe('2021');
    const steps = book.getWorksheet('steps')!;
    const approximate = (steps.getColumn(TABLES[1]!.columns.indexOf('duration_approximate') + 1).values as unknown[]).slice(2).filter((v) => v !== null && v !== undefined);
    expect(approximate.length).toBeGreaterThan(40);
    expect(new Set(approximate.map((v) => typeof v))).toEqual(new Set(['boolean']));
  });

  it('CSV: booleans as true/false, and a byte-order mark only when asked', async () => {
    const plain = join(dir, 'plain');
    const marked = join(dir, 'marked');
    await exportCsv(db, plain);
    await exportCsv(db, marked, { bom: true });
    for (const t of TABLES) {
      expect(readFileSync(join(plain, `${t.name}.csv`)).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
      expect(readFileSync(join(marked, `${t.name}.csv`)).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    }
    const steps = readFileSync(join(plain, 'steps.csv'), 'utf8');
    expect(steps).toMatch(/,(?:true|false),/);
    expect(steps).not.toMatch(/,1,[^,\n]*,[^,\n]*\n/);
  });
});

/**
 * A database that gives `good` records and then fails as a damaged one does in the middle of a
 * table (SQLITE_CORRUPT): the record rows of the corpus, repeated.
 */
function failingAfter(good: number): Db {
  const rows = db.prepare('SELECT record_json FROM sops ORDER BY id').all() as Array<{ record_json: string }>;
  const damaged = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
  return {
    prepare: () => ({
      *iterate() {
        for (let i = 0; i < good; i++) yield rows[i % rows.length];
        throw damaged;
      },
      pluck() {
        return { get: () => good };
      },
      // no corrections table: nothing to correct (src/serve/corrections.ts)
      get: () => undefined,
    }),
  } as unknown as Db;
}

describe('an export from a database failing in the middle (issue 12)', () => {
  it.each([
    ['JSON', (fake: Db, out: string) => exportTo(fake, 'json', join(out, 'sop.json'))],
    ['JSONL', (fake: Db, out: string) => exportTo(fake, 'jsonl', join(out, 'sop.jsonl'))],
    ['CSV', (fake: Db, out: string) => exportCsv(fake, join(out, 'csv'))],
    ['XLSX', (fake: Db, out: string) => exportXlsx(fake, join(out, 'sop.xlsx'))],
  ])('%s: rejects with the database error, leaves no file, raises nothing after', async (_name, run) => {
    const out = mkdtempSync(join(dir, 'failing-'));
    const stray: unknown[] = [];
    const onError = (e: unknown): void => void stray.push(e);
    process.on('uncaughtException', onError);
    try {
      await expect(run(failingAfter(3000), out)).rejects.toMatchObject({ code: 'SQLITE_CORRUPT' });
      // writes queued before the failure settle after it
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(stray).toEqual([]);
    expect(readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp') || f.includes('.'))).toEqual([]);
  });
});
