/**
 * `sop serve`: the web page where a records officer checks and corrects what was extracted, beside
 * the page images (README, "Checking and correcting in the browser"). Runs until interrupted
 * (Ctrl-C, SIGTERM), then closes the server and the database.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeDatabaseError, openDatabase } from '../store/db.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0: any free port)');
  return n;
}

/** Adds `serve` to the `sop` program. Errors of the action are thrown for program.ts's `main` to print (exit 1). */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the web page for checking and correcting SOPs beside their page images (127.0.0.1 unless --host)')
    .addOption(new Option('--db <path>', 'SQLite database').default('out/sop.db'))
    .option('--host <host>', 'address to listen on; off localhost a token is required', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', port, 4170)
    .addOption(new Option('--token <token>', 'required of every request (16+ characters); needed off localhost').env('SOP_SERVE_TOKEN'))
    .option('--cache <dir>', 'folder of rendered page images (default: page-cache beside the database)')
    .action(async (opts: { db: string; host: string; port: number; token?: string; cache?: string }) => {
      if (!existsSync(opts.db)) throw new Error(`no database at ${opts.db}: run "sop import" first, or give --db`);
      let db;
      try {
        db = openDatabase(opts.db);
      } catch (e) {
        throw new Error(describeDatabaseError(e, opts.db) ?? `cannot open database ${opts.db}: ${(e as Error).message}`);
      }
      try {
        // the web application and its readers are loaded by this command only, not by every `sop` start
        const { startServer } = await import('./server.js');
        const server = await startServer({ db, host: opts.host, port: opts.port, token: opts.token ?? null, cacheDir: opts.cache ?? join(dirname(opts.db), 'page-cache') });
        process.stdout.write(`sop serve: ${server.url}\n`);
        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
      } finally {
        db.close();
      }
    });
}
