/**
 * Corrections (migration 009, src/serve/corrections.ts): stored as rows, applied on read by the
 * store's readers and so by every export, kept across re-import, stale when the file changed,
 * conflicts instead of lost edits, undo.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { exportRecords } from '../src/export/records.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { findSops, listSops } from '../src/store/read.js';
import { applyCorrections, ConflictError, correctRecord, NotFoundError, saveEdit, undoEdit, type StoredCorrection } from '../src/serve/corrections.js';
import { EditError } from '../src/serve/fields.js';
import type { SopRecord } from '../src/record/schema.js';

const seed = fileURLToPath(new URL('../corpus/001_51dbded0528e22f1.txt', import.meta.url));
let dir: string;
let db: Db;
let file: string;

async function load(): Promise<SopRecord> {
  const [r] = findSops(db, 'sop.txt');
  return r!;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-corr-'));
  file = join(dir, 'sop.txt');
  copyFileSync(seed, file);
  db = openDatabase(join(dir, 'sop.db'));
  await importPaths(db, [file]);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exported(): Promise<SopRecord[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportRecords(db, 'json', out);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as SopRecord[];
}

describe('saveEdit and the readers', () => {
  it('stores a correction as a row and applies it in show, list and export', async () => {
    const r = await load();
    expect(r.identity.title).toBe('Pemantauan Capaian Kinerja Internal');
    const rows = saveEdit(db, r.id, [{ op: 'set', field: 'identity/title', old: r.identity.title, value: ' Pemantauan Kinerja Internal ' }], 'Rina');
    expect(rows).toMatchObject([{ field: 'identity/title', old: 'Pemantauan Capaian Kinerja Internal', new: 'Pemantauan Kinerja Internal', by: 'Rina' }]);
    // the stored record is untouched: the correction is applied on read
    const stored = JSON.parse(db.prepare('SELECT record_json FROM sops WHERE id = ?').pluck().get(r.id) as string) as SopRecord;
    expect(stored.identity.title).toBe('Pemantauan Capaian Kinerja Internal');
    const shown = await load();
    expect(shown.identity.title).toBe('Pemantauan Kinerja Internal');
    expect(shown.schemaVersion).toBe(2);
    expect(shown.corrections).toEqual([{ path: 'identity/title', old: 'Pemantauan Capaian Kinerja Internal', new: 'Pemantauan Kinerja Internal', at: rows[0]!.at, by: 'Rina' }]);
    expect(listSops(db)[0]!.title).toBe('Pemantauan Kinerja Internal');
    const [e] = await exported();
    expect(e!.identity.title).toBe('Pemantauan Kinerja Internal');
    expect(e!.corrections).toHaveLength(1);
  });

  it('normalises what is typed as the pipeline does: dates, durations, legal bases, step actors', async () => {
    const r = await load();
    saveEdit(db, r.id, [
      { op: 'set', field: 'identity/revisedDate', old: null, value: '5 Januari 2025' },
      { op: 'set', field: 'steps/0/duration', old: r.steps[0]!.duration, value: '2 jam' },
      { op: 'set', field: 'legalBases/0', old: r.legalBases[0], value: 'PP Nomor 60 Tahun 2008 tentang Sistem Pengendalian Intern Pemerintah' },
      { op: 'set', field: 'steps/1/actors', old: r.steps[1]!.actors, value: [r.actors[0]!.label] },
    ], null);
    const c = await load();
    expect(c.identity.revisedDate).toBe('2025-01-05');
    expect(c.steps[0]!.duration).toMatchObject({ text: '2 jam', value: 2, unit: 'hour', minutes: 120 });
    expect(c.legalBases[0]).toMatchObject({ type: 'pp', number: '60', year: 2008, key: 'pp::60:2008', subject: 'Sistem Pengendalian Intern Pemerintah' });
    expect(c.steps[1]!.actors).toEqual([r.actors[0]!.label]);
  });

  it('refuses malformed changes with a message (nothing stored)', async () => {
    const r = await load();
    const bad = (changes: unknown): void => {
      expect(() => saveEdit(db, r.id, changes as never, null)).toThrow(EditError);
    };
    bad([{ op: 'set', field: 'id', old: r.id, value: 'x' }]);
    bad([{ op: 'set', field: 'source/path', old: r.source.path, value: 'x' }]);
    bad([{ op: 'set', field: 'identity/createdDate', old: r.identity.createdDate, value: 'kemarin' }]);
    bad([{ op: 'set', field: 'steps/0/kind', old: r.steps[0]!.kind, value: 'circle' }]);
    bad([{ op: 'set', field: 'steps/0/actors', old: r.steps[0]!.actors, value: ['Presiden'] }]);
    bad([{ op: 'set', field: 'steps/99/activity', old: null, value: 'x' }]);
    bad([{ op: 'insert', field: 'steps/99' }]);
    bad([{ op: 'rename', field: 'identity/title' }]);
    bad([]);
    expect(() => saveEdit(db, 'nope-0', [{ op: 'set', field: 'identity/title', old: null, value: 'x' }], null)).toThrow(NotFoundError);
    expect(db.prepare('SELECT COUNT(*) FROM corrections').pluck().get()).toBe(0);
  });

  it('inserts, removes and merges steps; undo restores them', async () => {
    const r = await load();
    const n = r.steps.length;
    const [merge] = saveEdit(db, r.id, [{ op: 'merge', field: 'steps/1', old: [r.steps[1], r.steps[2]] }], null);
    let c = await load();
    expect(c.steps).toHaveLength(n - 1);
    expect(c.steps[1]!.activity).toBe(`${r.steps[1]!.activity} ${r.steps[2]!.activity}`);
    expect(c.steps[1]!.duration!.minutes).toBe(r.steps[1]!.duration!.minutes! + r.steps[2]!.duration!.minutes!);
    saveEdit(db, r.id, [{ op: 'insert', field: 'steps/0', value: 'Menerima berkas' }], null);
    c = await load();
    expect(c.steps[0]).toMatchObject({ activity: 'Menerima berkas', number: null, actors: [] });
    // the merge cannot be undone while the later insertion into the steps stands
    expect(() => undoEdit(db, r.id, merge!.editId, null)).toThrow(ConflictError);
    const ins = c.corrections!.length;
    expect(ins).toBe(3);
    const insertEdit = (db.prepare('SELECT MAX(edit_id) FROM corrections').pluck().get() as number);
    undoEdit(db, r.id, insertEdit, 'Rina');
    undoEdit(db, r.id, merge!.editId, 'Rina');
    c = await load();
    expect(c.steps).toEqual(r.steps);
    expect(c.corrections).toBeUndefined();
    expect(() => undoEdit(db, r.id, merge!.editId, null)).toThrow(NotFoundError);
  });
});

describe('concurrent edits', () => {
  it('shows a conflict instead of overwriting a value the person did not see', async () => {
    const r = await load();
    const seen = r.identity.unit;
    saveEdit(db, r.id, [{ op: 'set', field: 'identity/unit', old: seen, value: 'Kecamatan Silaut Baru' }], 'A');
    let err: unknown;
    try {
      saveEdit(db, r.id, [{ op: 'set', field: 'identity/unit', old: seen, value: 'Kantor Camat Silaut' }], 'B');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).detail).toMatchObject({ field: 'identity/unit', current: 'Kecamatan Silaut Baru', yours: 'Kantor Camat Silaut', by: 'A' });
    // B chooses to replace A's value knowingly: both corrections are kept
    saveEdit(db, r.id, [{ op: 'set', field: 'identity/unit', old: 'Kecamatan Silaut Baru', value: 'Kantor Camat Silaut' }], 'B');
    const c = await load();
    expect(c.identity.unit).toBe('Kantor Camat Silaut');
    expect(c.corrections!.map((x) => x.by)).toEqual(['A', 'B']);
  });

  it('edits of different fields from two pages both stand', async () => {
    const r = await load();
    saveEdit(db, r.id, [{ op: 'set', field: 'identity/unit', old: r.identity.unit, value: 'Unit A' }], 'A');
    saveEdit(db, r.id, [{ op: 'set', field: 'steps/0/output', old: r.steps[0]!.output, value: 'Format isian' }], 'B');
    const c = await load();
    expect([c.identity.unit, c.steps[0]!.output]).toEqual(['Unit A', 'Format isian']);
  });
});

describe('re-import', () => {
  it('keeps corrections for the same bytes, and flags those whose field changed in a changed file', async () => {
    const r = await load();
    saveEdit(db, r.id, [{ op: 'set', field: 'identity/title', old: r.identity.title, value: 'Judul Benar' }], null);
    saveEdit(db, r.id, [{ op: 'set', field: 'identity/unit', old: r.identity.unit, value: 'Unit Benar' }], null);
    await importPaths(db, [file]);
    expect((await load()).identity.title).toBe('Judul Benar');

    // the file changes: its title is rewritten, its unit is not
    writeFileSync(file, readFileSync(file, 'utf8').replace('Pemantauan Capaian Kinerja Internal', 'Pemantauan Kinerja Triwulan'));
    await importPaths(db, [file]);
    const c = await load();
    expect(c.id).not.toBe(r.id);
    expect(c.identity.title).toBe('Pemantauan Kinerja Triwulan');
    expect(c.identity.unit).toBe('Unit Benar');
    expect(c.corrections!.map((x) => x.path)).toEqual(['identity/unit']);
    const stale = c.diagnostics.filter((d) => d.code === 'correction-stale');
    expect(stale).toHaveLength(1);
    expect(stale[0]!.message).toContain('identity/title');
    expect(stale[0]!.message).toContain('"Pemantauan Kinerja Triwulan"');
    const original = JSON.parse(db.prepare('SELECT record_json FROM sops WHERE id = ?').pluck().get(c.id) as string) as SopRecord;
    const states = correctRecord(db, original).corrections.map((x) => x.state);
    expect(states).toEqual(['stale', 'applied']);
  });
});

describe('applyCorrections', () => {
  it('reports rows that would make the record invalid as stale and applies none', async () => {
    const r = await load();
    const row = (field: string, old: unknown, value: unknown, id: number): StoredCorrection => ({
      id, editId: id, sopId: r.id, file: r.source.path, sopIndex: 0, sha256: r.source.sha256, field, old, new: value, at: '2025-01-01T00:00:00Z', by: null, undoneAt: null, undoneBy: null,
    });
    const out = applyCorrections(r, [row('identity/title', r.identity.title, 'Baik', 1), row('identity/createdDate', r.identity.createdDate, 'kemarin', 2)]);
    expect(out.record.identity.title).toBe(r.identity.title);
    expect(out.corrections.map((c) => c.state)).toEqual(['stale', 'stale']);
  });
});
