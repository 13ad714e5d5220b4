/**
 * Fills what migrations added for documents imported before them and SQL cannot compute: the
 * `stems` column of `sop_search` and the 'amended' rows of `sop_legal_bases` (migration 002), the
 * canonical real paths of documents stored by the path as given (migration 004), organisation
 * keys and rendition groups (migration 005). The migration
 * leaves the name in `pending_backfills`; `sop import` and `sop upgrade`, which open the database
 * for writing, call `runPendingBackfills`; the query commands open it read-only and refuse a
 * database with backfills pending (db.ts `openForQueries`). New imports write all of it directly
 * (write.ts), so a database needs each once.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Db } from './db.js';
import { amendedRegulations, type LegalType } from '../normalise/legal.js';
import { stemText } from '../query/stem.js';
import { removeDocument, renameDocument } from './write.js';
import { renditionGroup, renditionKeys } from './renditions.js';
import type { SopRecord } from '../record/schema.js';

function stems(db: Db): number {
  // in pages of 1000 rows: bounded memory, and no update while a read of the same table is open
  const page = db.prepare('SELECT rowid AS rowid, title, body FROM sop_search WHERE stems IS NULL AND rowid > ? ORDER BY rowid LIMIT 1000');
  const update = db.prepare('UPDATE sop_search SET stems = ? WHERE rowid = ?');
  let n = 0;
  for (let last = -1; ; ) {
    const rows = page.all(last) as Array<{ rowid: number; title: string; body: string }>;
    if (rows.length === 0) return n;
    for (const r of rows) update.run(stemText(`${r.title}\n${r.body}`), r.rowid);
    n += rows.length;
    last = rows[rows.length - 1]!.rowid;
  }
}

function amended(db: Db): number {
  const cited = db
    .prepare("SELECT l.sop_id, l.position, b.type, b.issuer, b.subject FROM sop_legal_bases l JOIN legal_bases b ON b.key = l.key WHERE l.relation = 'cited' AND b.subject LIKE '%perubahan%atas%'")
    .all() as Array<{ sop_id: string; position: number; type: LegalType; issuer: string | null; subject: string }>;
  const insLaw = db.prepare('INSERT INTO legal_bases (key, type, issuer, number, year, subject) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING');
  const insCite = db.prepare("INSERT OR IGNORE INTO sop_legal_bases (sop_id, position, key, relation, text) VALUES (?, ?, ?, 'amended', ?)");
  let n = 0;
  for (const c of cited) {
    for (const a of amendedRegulations({ type: c.type, issuer: c.issuer, subject: c.subject })) {
      insLaw.run(a.key, a.type, a.issuer, a.number, a.year, a.subject);
      n += insCite.run(c.sop_id, c.position, a.key, a.text).changes;
    }
  }
  return n;
}

/**
 * Documents stored before paths were identities (migration 004): each path, resolved from the
 * current folder when relative, becomes its real path when the file is still there. When that
 * real path is stored already (one file imported under two spellings), the older import of the
 * two is removed. Paths of files no longer there are left as they are.
 */
function canonicalPaths(db: Db): number {
  const docs = db.prepare('SELECT path, imported_at FROM documents ORDER BY id').all() as Array<{ path: string; imported_at: string }>;
  const importedAt = new Map(docs.map((d) => [d.path, d.imported_at]));
  let n = 0;
  for (const d of docs) {
    let real: string;
    try {
      real = realpathSync(isAbsolute(d.path) ? d.path : resolve(d.path));
    } catch {
      continue;
    }
    if (real === d.path) continue;
    const other = importedAt.get(real);
    if (other !== undefined && other >= d.imported_at) {
      removeDocument(db, d.path);
    } else {
      if (other !== undefined) removeDocument(db, real);
      renameDocument(db, d.path, real);
      importedAt.set(real, d.imported_at);
    }
    importedAt.delete(d.path);
    n++;
  }
  return n;
}

/**
 * Organisation keys, identity keys, band keys and groups of the SOPs stored before migration 005,
 * computed from their records in the order they were stored, each grouped with those before it
 * as an import would have (renditions.ts); then the group of each citation row.
 */
function renditionGroups(db: Db): number {
  db.prepare('DELETE FROM sop_groups').run();
  const page = db.prepare('SELECT rowid AS rowid, id, record_json FROM sops WHERE rowid > ? ORDER BY rowid LIMIT 1000');
  const insert = db.prepare('INSERT INTO sop_groups (sop_id, group_id, organization_key, identity_key, number, unit) VALUES (?, ?, ?, ?, ?, ?)');
  const band = db.prepare('INSERT OR IGNORE INTO sop_bands (sop_id, band) VALUES (?, ?)');
  let n = 0;
  for (let last = -1; ; ) {
    const rows = page.all(last) as Array<{ rowid: number; id: string; record_json: string }>;
    if (rows.length === 0) break;
    for (const row of rows) {
      const r = JSON.parse(row.record_json) as SopRecord;
      const keys = renditionKeys(r);
      for (const b of keys.bands) band.run(row.id, b);
      const group = renditionGroup(db, { id: row.id, number: r.identity.number, unit: r.identity.unit, ...keys, activities: r.steps.map((s) => s.activity) });
      insert.run(row.id, group, keys.organizationKey, keys.identityKey, r.identity.number, r.identity.unit);
    }
    n += rows.length;
    last = rows[rows.length - 1]!.rowid;
  }
  db.prepare('UPDATE sop_legal_bases SET group_id = (SELECT group_id FROM sop_groups g WHERE g.sop_id = sop_legal_bases.sop_id)').run();
  return n;
}

const BACKFILLS: Record<string, (db: Db) => number> = { 'search-stems': stems, 'amended-bases': amended, 'canonical-paths': canonicalPaths, 'rendition-groups': renditionGroups };

/**
 * Runs the backfills still pending, each in one transaction with the removal of its name; returns
 * the rows written (or documents renamed) by name. A no-op (one small query) once done. Errors:
 * SQLite errors propagate; a read-only database cannot be backfilled and throws.
 */
export function runPendingBackfills(db: Db): Record<string, number> {
  const pending = db.prepare('SELECT name FROM pending_backfills ORDER BY name').pluck().all() as string[];
  const done: Record<string, number> = {};
  for (const name of pending) {
    const fill = BACKFILLS[name];
    if (!fill) continue;
    db.transaction(() => {
      done[name] = fill(db);
      db.prepare('DELETE FROM pending_backfills WHERE name = ?').run(name);
    }).immediate();
  }
  return done;
}
