/**
 * Opening the SOP database: better-sqlite3 with WAL, a busy timeout for concurrent importers,
 * foreign keys on, and the numbered SQL migrations in `migrations/` applied in order
 * (`PRAGMA user_version` holds the last one applied).
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
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
