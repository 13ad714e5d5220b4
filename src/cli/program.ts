/**
 * The `sop` command line: import SOP files into SQLite, list and show them, export the records
 * (SOP-RECORD.md) and index their legal bases. Exit codes: 0 success, 1 a file failed (or a
 * command failed), 2 a usage error.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { existsSync } from 'node:fs';
import { describeDatabaseError, openDatabase, type Db } from '../store/db.js';
import { findSops, legalBasisIndex, listSops } from '../store/read.js';
import { importPaths, DEFAULT_FILE_TIME_LIMIT_MS, DEFAULT_MAX_BYTES, type FileResult } from '../import/importer.js';
import { exportTo, type ExportFormat } from '../export/records.js';
import { clip, fileLine, showRecord, table } from './format.js';
import { registerAuditCommands } from './audit.js';
import type { EngineChoice } from '../read/ocr.js';

const DEFAULT_DB = 'out/sop.db';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** Opens an existing database for reading; a missing one is a clear error. */
function openExisting(path: string): Db {
  if (!existsSync(path)) throw new UserError(`no database at ${path}: run "sop import" first, or give --db`);
  return openDatabase(path);
}

class UserError extends Error {}

function print(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('sop')
    .description('Turn SOP AP documents (Permenpan RB 35/2012) into structured records: import, query, export')
    .showHelpAfterError()
    .exitOverride();

  const dbOption = (): Option => new Option('--db <path>', 'SQLite database').default(DEFAULT_DB);

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
    .option('--json', 'print the report as JSON')
    .action(async (paths: string[], opts: { db: string; concurrency: number; maxBytes: number; maxPages: number; timeLimit: number; ocrWorkers?: number; ocrEngine?: EngineChoice; json?: boolean }) => {
      let db: Db;
      try {
        db = openDatabase(opts.db);
      } catch (e) {
        throw new UserError(describeDatabaseError(e, opts.db) ?? `cannot open database ${opts.db}: ${(e as Error).message}`);
      }
      const bar = process.stderr.isTTY && !opts.json ? new SingleBar({ format: 'importing {bar} {value} files | {file} {page}', stream: process.stderr, clearOnComplete: true, hideCursor: true }) : null;
      bar?.start(0, 0, { file: '', page: '' });
      let seen = 0;
      const report = await importPaths(db, paths, {
        concurrency: opts.concurrency,
        threads: opts.concurrency,
        maxBytes: opts.maxBytes,
        maxPages: opts.maxPages,
        fileTimeLimitMs: opts.timeLimit * 1000,
        // the lines are printed as files come: only --json needs them all at the end
        keepResults: !!opts.json,
        ...(opts.ocrWorkers ? { ocrWorkers: opts.ocrWorkers } : {}),
        ...(opts.ocrEngine ? { ocrEngineChoice: opts.ocrEngine } : {}),
        onPageOf: (path, page, pages) => bar?.update(seen, { file: clip(path, 40), page: `page ${page}/${pages}` }),
        onFile: (r: FileResult) => {
          seen++;
          if (bar) {
            bar.setTotal(seen);
            bar.update(seen, { file: clip(r.path, 40), page: '' });
          }
          if (!opts.json) process.stdout.write(`${fileLine(r)}\n`);
        },
      })
        .catch((e: unknown) => {
          const said = describeDatabaseError(e, opts.db);
          // the groups committed before the failure stay; the next run goes on from them
          throw said ? new UserError(`${said}; the ${seen} files reported above are stored, the others are not: run the import again`) : e;
        })
        .finally(() => {
          bar?.stop();
          db.close();
        });
      const c = report.counts;
      if (opts.json) print(true, report, () => '');
      else {
        process.stdout.write(
          `total: ${seen} files, ${report.sops} SOPs | imported ${c.imported}, partial ${c.partial}, failed ${c.failed}, duplicate ${c.duplicate}, unchanged ${c.unchanged}, skipped ${c.skipped}\n`,
        );
      }
      if (c.failed + c.partial > 0) process.exitCode = 1;
    });

  program
    .command('list')
    .description('list the SOPs in the database')
    .addOption(dbOption())
    .option('--json', 'print JSON')
    .action((opts: { db: string; json?: boolean }) => {
      const db = openExisting(opts.db);
      const rows = listSops(db);
      db.close();
      print(!!opts.json, rows, () =>
        table(
          ['id', 'file', 'title', 'number', 'unit', 'steps', 'legal', 'diag'],
          rows.map((r) => [r.id.slice(0, 10), clip(r.path.split(/[\\/]/).pop(), 28), clip(r.title, 36), clip(r.number, 20), clip(r.unit, 20), r.steps, r.legalBases, r.errors ? `${r.errors}E ${r.warnings}W` : `${r.warnings}W`]),
        ) + `\n${rows.length} SOPs`,
      );
    });

  program
    .command('show')
    .description('show SOPs by record id (or its start), Nomor SOP, or file name')
    .argument('<ref>', 'id, Nomor SOP or file')
    .addOption(dbOption())
    .option('--json', 'print the records as JSON')
    .action((ref: string, opts: { db: string; json?: boolean }) => {
      const db = openExisting(opts.db);
      const records = findSops(db, ref);
      db.close();
      if (records.length === 0) throw new UserError(`no SOP matches "${ref}"`);
      print(!!opts.json, records.length === 1 ? records[0] : records, () => records.map(showRecord).join('\n\n' + '='.repeat(80) + '\n\n'));
    });

  program
    .command('export')
    .description('export every record as SOP-RECORD.md defines it')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'json: one array; jsonl: one record a line').choices(['json', 'jsonl']).default('json'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { db: string; format: ExportFormat; out?: string }) => {
      const db = openExisting(opts.db);
      try {
        const n = await exportTo(db, opts.format, opts.out);
        if (opts.out) process.stderr.write(`exported ${n} records to ${opts.out}\n`);
      } finally {
        db.close();
      }
    });

  program
    .command('legal-bases')
    .description('each regulation (canonical key, type, number, year, subject) with the SOPs that cite it')
    .addOption(dbOption())
    .option('--shared', 'only regulations cited by two or more SOPs')
    .option('--json', 'print JSON')
    .action((opts: { db: string; shared?: boolean; json?: boolean }) => {
      const db = openExisting(opts.db);
      const index = legalBasisIndex(db, opts.shared ? 2 : 1);
      db.close();
      print(!!opts.json, index, () =>
        table(
          ['key', 'type', 'number', 'year', 'subject', 'SOPs'],
          index.map((l) => [l.key, l.type, l.number, l.year, clip(l.subject, 40), l.sops.map((s) => `${clip(s.title, 30)} (${s.path.split(/[\\/]/).pop()})`).join('\n')]),
          [30, 9, 8, 6, 42, 50],
        ) + `\n${index.length} regulations`,
      );
    });

  registerAuditCommands(program);
  return program;
}

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
    process.stderr.write(`sop: ${(e as Error).message}\n`);
    return 1;
  }
}
