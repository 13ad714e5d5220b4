/**
 * Fills the derived rows migration 002 added for SOPs imported before it: the `stems` column of
 * `sop_search` and the 'amended' rows of `sop_legal_bases` (regulations a cited item amends). SQL
 * cannot compute them, so the migration leaves their names in `pending_backfills` and the audit
 * commands call `runPendingBackfills` after opening the database. New imports write both directly
 * (src/store/write.ts), so a database needs this once.
 */
import type { Db } from '../store/db.js';
import { amendedRegulations, type LegalType } from '../normalise/legal.js';
import { stemText } from './stem.js';

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

const BACKFILLS: Record<string, (db: Db) => number> = { 'search-stems': stems, 'amended-bases': amended };

/**
 * Runs the backfills still pending, each in one transaction with the removal of its name; returns
 * the rows written by name. A no-op (one small query) once done. Errors: SQLite errors propagate;
 * a read-only database cannot be backfilled and throws.
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
