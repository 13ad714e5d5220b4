/**
 * `sop review`: the fields a person should check first, lowest confidence first, from the
 * field_confidence rows of schemaVersion 2 records; records of an older version read again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../src/import/importer.js';
import { reviewFields, reviewRecords, valueAt } from '../src/query/review.js';
import { openDatabase, type Db } from '../src/store/db.js';

const seed = fileURLToPath(new URL('../corpus/002_73c36ed984910bbc.txt', import.meta.url));
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-review-'));
  db = openDatabase(join(dir, 'sop.db'));
  await importPaths(db, [seed]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sop review', () => {
  it('lists the fields under the threshold, lowest first, with their values', () => {
    const all = db.prepare('SELECT path, confidence FROM field_confidence ORDER BY confidence').all() as Array<{ path: string; confidence: number }>;
    expect(all.length).toBeGreaterThan(20);
    const rows = reviewFields(db, { below: 0.9, limit: 0 });
    expect(rows.map((r) => r.confidence)).toEqual(all.filter((a) => a.confidence < 0.9).map((a) => a.confidence));
    // seed 002 lost its labels: its title and warning are guesses, below 0.9
    const title = rows.find((r) => r.path === 'identity/title');
    expect(title?.value).toBe('Pengukuran Kinerja');
    expect(title!.confidence).toBeLessThan(0.9);
    expect(reviewFields(db, { below: 0.9, limit: 2 })).toHaveLength(2);
  });
  it('lists records by their confidence as a whole', () => {
    const [r] = reviewRecords(db, { below: 0.9 });
    expect(r!.title).toBe('Pengukuran Kinerja');
    expect(r!.confidence).toBeGreaterThan(0);
    expect(r!.unsure).toBe(reviewFields(db, { below: 0.9, limit: 0 }).length);
  });
  it('reads a value at a field path', () => {
    expect(valueAt({ steps: [{ actors: ['A'] }] }, 'steps/0/actors')).toEqual(['A']);
    expect(valueAt({ identity: { approver: { name: null } } }, 'identity/approver/name')).toBeNull();
    expect(valueAt({}, 'steps/3/activity')).toBeUndefined();
  });
  it('reads again a file whose records an older version made (no confidence): the same bytes are not unchanged then', async () => {
    const file = join(dir, 'copy.txt');
    writeFileSync(file, readFileSync(fileURLToPath(new URL('../corpus/004_7105dd040ab457fb.txt', import.meta.url))));
    const first = await importPaths(db, [file]);
    expect(first.counts.imported).toBe(1);
    // make its record look like a version-1 record
    db.prepare("UPDATE sops SET record_json = json_remove(json_set(record_json, '$.schemaVersion', 1), '$.confidence', '$.provenance') WHERE document_id = (SELECT id FROM documents WHERE path LIKE '%copy.txt')").run();
    db.prepare("DELETE FROM field_confidence WHERE sop_id IN (SELECT s.id FROM sops s JOIN documents d ON d.id = s.document_id WHERE d.path LIKE '%copy.txt')").run();
    const again = await importPaths(db, [file]);
    expect(again.counts.unchanged).toBe(0);
    expect(again.counts.imported).toBe(1);
    const version = db.prepare("SELECT json_extract(record_json, '$.schemaVersion') FROM sops s JOIN documents d ON d.id = s.document_id WHERE d.path LIKE '%copy.txt'").pluck().get();
    expect(version).toBe(2);
    expect((await importPaths(db, [file])).counts.unchanged).toBe(1);
  });
});
