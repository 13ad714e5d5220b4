/**
 * Opening the SOP database: better-sqlite3 with WAL, a busy timeout for concurrent importers,
 * foreign keys on, and the numbered SQL migrations in `migrations/` applied in order
 * (`PRAGMA user_version` holds the last one applied).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with the code, by version (`001_init.sql` → 1). */
export function migrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(MIGRATIONS_DIR + f, 'utf8') }));
}

export interface OpenOptions {
  readonly?: boolean;
  /** Milliseconds a writer waits for another writer's lock before failing (default 15 s). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating when needed) the database at `path` and brings its schema up to date.
 * Errors: the database cannot be created (read-only folder, full disk) or is not an SQLite file;
 * better-sqlite3's SqliteError is thrown with SQLite's own message.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: !!options.readonly, fileMustExist: !!options.readonly });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 15000}`);
  db.pragma('foreign_keys = ON');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  }
  return db;
}

/** The schema version this code writes and reads: the number of its last migration. */
export function schemaVersion(): number {
  return migrations().reduce((v, m) => Math.max(v, m.version), 0);
}

/** A database the query commands cannot use as it is (missing, older or newer schema, unreadable). */
export class DatabaseStateError extends Error {}

/**
 * Opens an existing database for the query commands: read-only, never written (no migration, no
 * backfill, not even a journal), so a read-only file or a database in a folder the user cannot
 * write serves every query (issue 12). Errors (DatabaseStateError, with what to do): no file at
 * `path`; a schema older than this code's or backfills pending (`sop upgrade` brings it up to
 * date); a schema newer than this code's; a database left in WAL mode in a folder that cannot be
 * written (SQLite needs its shared-memory file beside it; `closeDatabase` leaves databases in
 * rollback mode). Other SQLite errors (NOTADB, CORRUPT) are thrown as they are.
 */
export function openForQueries(path: string): Db {
  if (!existsSync(path)) throw new DatabaseStateError(`no database at ${path}: run "sop import" first, or give --db`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const current = schemaVersion();
    if (version > current) throw new DatabaseStateError(`${path} was written by a newer version of sop (schema ${version}; this one reads ${current}): use that version`);
    const pending = version === current ? (db.prepare('SELECT COUNT(*) FROM pending_backfills').pluck().get() as number) : 0;
    if (version < current || pending > 0) {
      throw new DatabaseStateError(`${path} was written by an older version of sop (schema ${version}${pending ? `, ${pending} backfill(s) pending` : ''}; this one reads ${current}): run "sop upgrade --db ${path}" once where it can be written`);
    }
  } catch (e) {
    db.close();
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN') {
      throw new DatabaseStateError(`${path} is in WAL mode and its folder cannot be written (SQLite needs ${path}-shm beside it): run "sop upgrade --db ${path}" once where it can be written, or copy it to a folder you can write`);
    }
    throw e;
  }
  return db;
}

/**
 * Closes a database opened for writing, leaving it in rollback-journal mode when no other
 * connection has it open (a WAL database cannot be read in a folder the reader cannot write;
 * importers switch it back to WAL when they open it). Never waits for other connections: when
 * one holds the database it stays in WAL mode, and the last importer to close switches it.
 */
export function closeDatabase(db: Db): void {
  if (!db.readonly && !db.memory && db.open) {
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('journal_mode = DELETE');
    } catch {
      // another connection holds the database: it stays in WAL mode until the last one closes
    }
  }
  db.close();
}

/** Applies the migrations newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations()) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // another importer may have migrated between our read and our lock
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/**
 * What a database failure means for the user, in words, or null for an error that is not
 * SQLite's. Codes from https://sqlite.org/rescode.html: READONLY (a write-protected file or
 * folder), FULL and IOERR with ENOSPC (the disk is full), BUSY (another writer held the lock past
 * the busy timeout), CANTOPEN, NOTADB and CORRUPT.
 */
export function describeDatabaseError(e: unknown, path: string): string | null {
  if (!(e instanceof Database.SqliteError)) return null;
  const code = e.code;
  const why = `${code}: ${e.message}`;
  if (code.startsWith('SQLITE_READONLY')) return `cannot write to the database ${path}: it is read-only (${why})`;
  if (code === 'SQLITE_FULL' || /ENOSPC|disk is full|database or disk is full/i.test(e.message)) return `cannot write to the database ${path}: the disk is full (${why})`;
  if (code.startsWith('SQLITE_BUSY')) return `the database ${path} stayed locked by another writer past the busy timeout (${why})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `cannot open the database ${path} (${why})`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return `${path} is not an SOP database, or it is damaged (${why})`;
  if (code.startsWith('SQLITE_IOERR')) return `cannot write to the database ${path}: input/output error (${why})`;
  return `database ${path}: ${why}`;
}
