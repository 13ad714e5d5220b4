/**
 * What every `sop` command shares: the --db option, opening the store for a query (read-only,
 * closed whatever happens), printing tables or JSON, and the error a user can act on.
 */
import { InvalidArgumentError, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDatabase, openForQueries, type Db } from '../store/db.js';

/** The database the commands use without --db. */
export const DEFAULT_DB = 'out/sop.db';

/** The --db option (a new Option each time: commander keeps one per command). */
export const dbOption = (): Option => new Option('--db <path>', 'SQLite database').default(DEFAULT_DB);

/** Commander parser of a positive whole number; a usage error otherwise. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** An error the user can act on: printed as `sop: <message>` without a stack, exit 1. */
export class UserError extends Error {}

/** Prints `data` as indented JSON, or the text `text()` makes. */
export function print(json: boolean | undefined, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

/** Runs `fn` on the store opened read-only (db.ts `openForQueries`) and closes it whatever happens. */
export async function withStore<T>(path: string, fn: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openForQueries(path);
  try {
    return await fn(db);
  } finally {
    closeDatabase(db);
  }
}

/** The last part of a path: the file name. */
export const base = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/**
 * The version of this package (package.json `version`), found in the nearest package.json above
 * this module: from `dist/src/cli/` when built, from `src/cli/` when the sources run.
 */
export function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) throw new Error('package.json not found above the sop command');
  }
}
