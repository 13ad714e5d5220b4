/**
 * The `sop` command line: import SOP files into SQLite, list and show them, export the records
 * (SOP-RECORD.md) and index their legal bases. Exit codes: 0 success, 1 a file failed (or a
 * command failed), 2 a usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { closeDatabase, DatabaseStateError, describeDatabaseError, openDatabase, schemaVersion, type Db } from '../store/db.js';
import { runPendingBackfills } from '../store/backfill.js';
import { documentCounts, documentsWithStatus, findDocuments, findSops, listSops, type DocumentState } from '../store/read.js';
import { importPaths, DEFAULT_FILE_TIME_LIMIT_MS, DEFAULT_MAX_BYTES, type FileResult } from '../import/importer.js';
import { exportTo, type ExportFormat } from '../export/records.js';
import { clip, fileLine, showRecord, table } from './format.js';
import { registerAuditCommands } from './audit.js';
import { ImportProgress } from './progress.js';
import { DEFAULT_DB, dbOption, packageVersion, positiveInt, print, UserError, withStore } from './common.js';
import { DEFAULT_QUEUE_WAIT_S, openQueueImport, queueOption, registerWorkerCommand } from './queue.js';
import { registerServeCommand } from '../serve/command.js';
import type { EngineChoice } from '../read/ocr.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('sop')
    .description('Turn SOP AP documents (Permenpan RB 35/2012) into structured records: import, query, export')
    .version(packageVersion(), '-V, --version', 'print the version of sop')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('import')
    .description('import SOP files (directories recursively) into the database; unchanged files are skipped')
    .argument('<paths...>', 'files or directories')
    .addOption(dbOption())
    .option('--concurrency <n>', 'files processed at once (text and DOCX in as many worker threads)', positiveInt, 2)
    .option('--max-bytes <n>', 'refuse files larger than this', positiveInt, DEFAULT_MAX_BYTES)
    .option('--max-pages <n>', 'refuse PDFs and images with more pages than this', positiveInt, 100)
    .option('--time-limit <seconds>', 'stop a file that takes longer than this, with an error', positiveInt, DEFAULT_FILE_TIME_LIMIT_MS / 1000)
    .option('--ocr-workers <n>', 'pages OCRed at once: native tesseract processes or tesseract.js threads (about 100 MB each; default: --concurrency)', positiveInt)
    .addOption(new Option('--ocr-engine <engine>', 'OCR engine: native (the tesseract command), wasm (tesseract.js), auto (native when installed; default, or $SOP_OCR_ENGINE)').choices(['auto', 'native', 'wasm']))
    .option('--retry-failed', 'read again the files that failed before with the same bytes (passed over by default)')
    .option('--json', 'print the report as JSON')
    .addOption(queueOption('run the stages on `sop worker`s through this Redis: redis://[:PASSWORD@]HOST:PORT[/DB], rediss:// for TLS (README, Running on many machines)'))
    .option('--root <dir>', 'with --queue: the shared folder, which the workers see as their --root (default: the current folder)')
    .option('--queue-wait <seconds>', 'with --queue: how long an unreachable Redis is waited for before the import stops', positiveInt, DEFAULT_QUEUE_WAIT_S)
    .action(async (paths: string[], opts: { db: string; concurrency: number; maxBytes: number; maxPages: number; timeLimit: number; ocrWorkers?: number; ocrEngine?: EngineChoice; retryFailed?: boolean; json?: boolean; queue?: string; root?: string; queueWait: number }) => {
      // nothing to import: no database is created or touched
      if (!paths.some((p) => existsSync(p))) throw new UserError(`nothing to import: ${paths.map((p) => `${p}: no such file or directory`).join('; ')}`);
      let db: Db;
      try {
        db = openDatabase(opts.db);
      } catch (e) {
        throw new UserError(describeDatabaseError(e, opts.db) ?? `cannot open database ${opts.db}: ${(e as Error).message}`);
      }
      // a bar on a terminal, plain lines now and then elsewhere; the per-file lines above the bar
      const progress = new ImportProgress({ stream: process.stderr, out: process.stdout });
      // with --queue the stages run on the workers; this process hashes, queues and stores
      const queued = opts.queue
        ? await openQueueImport(db, opts.db, { ...opts, queue: opts.queue }, progress).catch((e: unknown) => {
          progress.stop();
          closeDatabase(db);
          throw e;
        })
        : null;
      let seen = 0;
      const report = await importPaths(db, paths, {
        concurrency: opts.concurrency,
        threads: queued ? 0 : opts.concurrency,
        ...(queued ? { remote: queued.stages } : {}),
        maxBytes: opts.maxBytes,
        maxPages: opts.maxPages,
        fileTimeLimitMs: opts.timeLimit * 1000,
        retryFailed: !!opts.retryFailed,
        // the lines are printed as files come: only --json needs them all at the end
        keepResults: !!opts.json,
        ...(opts.ocrWorkers ? { ocrWorkers: opts.ocrWorkers } : {}),
        ...(opts.ocrEngine ? { ocrEngineChoice: opts.ocrEngine } : {}),
        onTotal: (files) => progress.setTotal(files),
        onPageOf: (path, page, pages) => progress.page(path, page, pages),
        onFile: (r: FileResult) => {
          seen++;
          progress.file(r.path, opts.json ? null : fileLine(r));
        },
      })
        .catch((e: unknown) => {
          const said = describeDatabaseError(e, opts.db);
          // the groups committed before the failure stay; the next run goes on from them
          throw said ? new UserError(`${said}; the ${seen} files reported above are stored, the others are not: run the import again`) : e;
        })
        .finally(async () => {
          await queued?.close();
          progress.stop();
          closeDatabase(db);
        });
      const c = report.counts;
      if (opts.json) print(true, report, () => '');
      else {
        process.stdout.write(
          `total: ${seen} files, ${report.sops} SOPs | imported ${c.imported}, partial ${c.partial}, failed ${c.failed}, duplicate ${c.duplicate}, unchanged ${c.unchanged}${report.failedBefore ? ` (${report.failedBefore} failed before: not read again, --retry-failed reads them)` : ''}, skipped ${c.skipped}\n`,
        );
      }
      if (c.failed + c.partial > 0) process.exitCode = 1;
    });

  program
    .command('list')
    .description('list the SOPs in the database')
    .addOption(dbOption())
    .option('--organisation <name>', 'only the SOPs of this organisation, however written (Pemerintah Kabupaten X = Kabupaten X)')
    .option('--json', 'print JSON')
    .action((opts: { db: string; organisation?: string; json?: boolean }) => withStore(opts.db, (db) => {
      const rows = listSops(db, opts.organisation ? { organization: opts.organisation } : {});
      print(!!opts.json, rows, () =>
        table(
          ['id', 'file', 'title', 'number', 'unit', 'steps', 'legal', 'diag'],
          rows.map((r) => [r.id.slice(0, 10), clip(r.path.split(/[\\/]/).pop(), 28), clip(r.title, 36), clip(r.number, 20), clip(r.unit, 20), r.steps, r.legalBases, r.errors ? `${r.errors}E ${r.warnings}W` : `${r.warnings}W`]),
        ) + `\n${rows.length} SOPs`,
      );
    }));

  program
    .command('show')
    .description('show SOPs by record id (or its start), Nomor SOP, or file name')
    .argument('<ref>', 'id, Nomor SOP or file')
    .addOption(dbOption())
    .option('--json', 'print the records as JSON')
    .action((ref: string, opts: { db: string; json?: boolean }) => withStore(opts.db, (db) => {
      const records = findSops(db, ref);
      if (records.length === 0) {
        // a file that holds no SOP: say why (failed, skipped) instead of "no SOP matches"
        const docs = findDocuments(db, ref);
        if (docs.length) throw new UserError(docs.map((d) => `${d.path} holds no SOP: ${d.status}${d.errorCode ? ` (${d.errorCode})` : ''}${d.error ? `: ${d.error}` : ''}`).join('\n'));
        throw new UserError(`no SOP matches "${ref}"`);
      }
      print(!!opts.json, records.length === 1 ? records[0] : records, () => records.map(showRecord).join('\n\n' + '='.repeat(80) + '\n\n'));
    }));

  program
    .command('export')
    .description('export every record as SOP-RECORD.md defines it')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'json: one array; jsonl: one record a line').choices(['json', 'jsonl']).default('json'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action((opts: { db: string; format: ExportFormat; out?: string }) => withStore(opts.db, async (db) => {
      const n = await exportTo(db, opts.format, opts.out);
      if (opts.out) process.stderr.write(`exported ${n} records to ${opts.out}\n`);
    }));

  program
    .command('status')
    .description('the files of past imports that failed, are partial or were skipped, with their reasons; counts by status')
    .addOption(dbOption())
    .option('--failed', 'only failed files')
    .option('--partial', 'only partial files (an SOP without its procedure table, pages not read)')
    .option('--skipped', 'only skipped files (types not supported)')
    .option('--json', 'print JSON: { counts, documents }')
    .action((opts: { db: string; failed?: boolean; partial?: boolean; skipped?: boolean; json?: boolean }) => withStore(opts.db, (db) => {
      const asked = (['failed', 'partial', 'skipped'] as const).filter((s) => opts[s]);
      const statuses: Array<DocumentState['status']> = asked.length ? asked : ['failed', 'partial', 'skipped'];
      const counts = documentCounts(db);
      const documents = [...documentsWithStatus(db, statuses)];
      print(opts.json, { counts, documents }, () => {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const head = `${total} files: ${['imported', 'partial', 'failed', 'duplicate', 'skipped'].map((s) => `${s} ${counts[s] ?? 0}`).join(', ')}`;
        if (documents.length === 0) return `${head}\nno ${statuses.join(', ')} files`;
        return `${head}\n${table(['status', 'code', 'file', 'reason'], documents.map((d) => [d.status, d.errorCode, d.path, clip(d.error, 200)]), [9, 16, 50, 60])}\n${documents.length} ${statuses.join('/')} file(s)`;
      });
    }));

  program
    .command('upgrade')
    .description('bring a database written by an older version up to date (schema and derived rows); the query commands read databases read-only and ask for this')
    .addOption(dbOption())
    .action((opts: { db: string }) => {
      if (!existsSync(opts.db)) throw new UserError(`no database at ${opts.db}: run "sop import" first, or give --db`);
      const db = openDatabase(opts.db);
      try {
        const filled = runPendingBackfills(db);
        const what = Object.entries(filled).map(([name, n]) => `${name} ${n}`).join(', ');
        process.stdout.write(`${opts.db}: schema ${schemaVersion()}, up to date${what ? ` (backfilled: ${what})` : ''}\n`);
      } finally {
        closeDatabase(db);
      }
    });

  registerAuditCommands(program);
  registerServeCommand(program);
  registerWorkerCommand(program);
  return program;
}

/** The --db value of a command line (the default when not given), for error messages. */
function dbOf(argv: string[]): string {
  const i = argv.findIndex((a) => a === '--db' || a.startsWith('--db='));
  if (i < 0) return DEFAULT_DB;
  return argv[i]!.startsWith('--db=') ? argv[i]!.slice(5) : argv[i + 1] ?? DEFAULT_DB;
}

/** Runs the `sop` command line `argv` (node, script, args…); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version print and exit 0; everything else commander reports is a usage error
      return e.exitCode === 0 ? 0 : 2;
    }
    // a database error reads the same from every command (READONLY, FULL, CORRUPT …), never as a stack
    const said = e instanceof UserError || e instanceof DatabaseStateError ? e.message : describeDatabaseError(e, dbOf(argv)) ?? (e as Error).message;
    process.stderr.write(`sop: ${said}\n`);
    return 1;
  }
}
