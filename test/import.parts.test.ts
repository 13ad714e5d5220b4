/**
 * One SOP in several files: page images of one SOP as separate files (`…-p1` its identity table,
 * `…-p2` its procedure table: Banyuwangi's SOPs in ../shared/wild) become one record with `sources`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { PageSeries, pageOf } from '../src/import/parts.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { findSops } from '../src/store/read.js';

const IDENTITY = ['PEMERINTAH KABUPATEN CONTOH', 'Nomor SOP\t800/12/SOP/2016', 'Tanggal Pembuatan\t28 Juli 2016', 'Nama SOP\tPermohonan Informasi', 'Dasar Hukum\t1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik'].join('\n');
const PROCEDURE = ['No\tUraian Prosedur\tPemohon\tPetugas\tKelengkapan\tWaktu\tOutput', '1\tMengisi formulir\t□\t\tKTP\t1 hari\tFormulir', '2\tMenerima formulir\t\t□\tFormulir\t1 hari\tTanda bukti'].join('\n');

describe('page series', () => {
  it('tells a page file by a page word and number, whatever running number leads the name', () => {
    expect(pageOf('/d/061_sop-permohonan-p1.jpg')).toEqual({ key: '/d\u0000sop-permohonan\u0000image', page: 1 });
    expect(pageOf('/d/062_sop-permohonan-p2.jpeg')?.key).toBe(pageOf('/d/061_sop-permohonan-p1.jpg')?.key);
    expect(pageOf('/d/page-2.png')?.page).toBe(2);
    expect(pageOf('/d/sop2.pdf')).toBeNull();
    expect(pageOf('/d/SOP1_Kab_2016.jpg')).toBeNull();
  });
  it('releases a series whole when its pages run 1..n, each file alone otherwise', () => {
    const s = new PageSeries();
    expect(s.add('/d/a-p1.jpg')).toEqual([]);
    expect(s.add('/d/a-p2.jpg')).toEqual([]);
    expect(s.add('/d/b.pdf')).toEqual([['/d/a-p1.jpg', '/d/a-p2.jpg'], ['/d/b.pdf']]);
    expect(s.add('/d/c-p2.jpg')).toEqual([]);
    expect(s.end()).toEqual([['/d/c-p2.jpg']]);
  });
});

describe('an SOP in two files', () => {
  let dir: string;
  let db: Db;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sop-parts-'));
    db = openDatabase(join(dir, 'sop.db'));
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  it('reads the identity page and the procedure page as one SOP, found by either file, unchanged when imported again', async () => {
    const folder = join(dir, 'in');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, '01_permohonan-p1.txt'), IDENTITY);
    writeFileSync(join(folder, '02_permohonan-p2.txt'), PROCEDURE);
    const first = await importPaths(db, [folder]);
    expect(first.sops).toBe(1);
    const [r] = findSops(db, '02_permohonan-p2.txt');
    expect(r!.identity.number).toBe('800/12/SOP/2016');
    expect(r!.steps.map((s) => s.activity)).toEqual(['Mengisi formulir', 'Menerima formulir']);
    expect(r!.sources?.map((s) => s.path.split('/').pop())).toEqual(['01_permohonan-p1.txt', '02_permohonan-p2.txt']);
    expect(r!.source.path.endsWith('01_permohonan-p1.txt')).toBe(true);
    expect((await importPaths(db, [folder])).counts.unchanged).toBe(2);
    // a change to the procedure page reads both again, into one SOP still
    writeFileSync(join(folder, '02_permohonan-p2.txt'), `${PROCEDURE}\n3\tMenyerahkan informasi\t\t□\tInformasi\t1 hari\tBukti`);
    const again = await importPaths(db, [folder]);
    expect(again.counts.unchanged).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM sops').pluck().get()).toBe(1);
    expect(findSops(db, '01_permohonan-p1.txt')[0]!.steps).toHaveLength(3);
  });
  it('imports pages that are SOPs on their own one by one', async () => {
    const folder = join(dir, 'whole');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'sop-p1.txt'), `${IDENTITY}\n${PROCEDURE}`);
    writeFileSync(join(folder, 'sop-p2.txt'), `${IDENTITY.replace('800/12', '800/13')}\n${PROCEDURE}`);
    const r = await importPaths(db, [folder]);
    expect(r.sops).toBe(2);
  });
});
