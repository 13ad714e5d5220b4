/**
 * The native OCR engine: Debian's `tesseract` command (apt-get install tesseract-ocr
 * tesseract-ocr-ind tesseract-ocr-eng), faster than tesseract.js on the same model (bench:ocr: the pipeline reads 23.7 pages a minute with it against 21.4 with tesseract.js on Debian's fast model, 15.9 on npm's best_int).
 * One process per page image (the PGM on its stdin, TSV on its stdout), at most `processes` at
 * once (one per core) with `OMP_THREAD_LIMIT=1` (its OpenMP default is 4–5× slower on 2 cores,
 * TOOLCHAIN.md). A process costs about 0.24 s to start with ind+eng, so the cells of a page are
 * read in one call: their images written to a temporary folder and listed in a file, which
 * tesseract reads as the pages of one document (TSV `page_num`). A call past its time limit is
 * killed; what the command writes on stderr comes back as messages (diagnostics), less its
 * routine notes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PQueue from 'p-queue';
import { SopError } from '../errors.js';
import { toPgm } from './image.js';
import type { OcrModel } from './ocr-model.js';
import { parseTsv, PSM_OF, type OcrEngine, type OcrRequest, type OcrResult } from './ocr-engine.js';

export interface NativeOptions {
  model: OcrModel;
  /** Processes at once; default 2, the cores of the target machine. */
  processes?: number;
  /** Milliseconds one call may take per image it reads before it is killed; default 120 s. */
  timeoutMs?: number;
  /** The command; default `tesseract` on the PATH. */
  command?: string;
}

const versions = new Map<string, string | null>();

/**
 * The version of the native tesseract (`5.3.0`), or null when the command is not installed or
 * does not run. Asked once per command.
 */
export function nativeVersion(command = 'tesseract'): string | null {
  if (!versions.has(command)) {
    const r = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 10000 });
    const m = r.status === 0 ? /tesseract\s+v?(\d+\.\d+(?:\.\d+)?)/i.exec(`${r.stdout}\n${r.stderr}`) : null;
    versions.set(command, m ? m[1]! : null);
  }
  return versions.get(command)!;
}

/**
 * Lines tesseract writes on stderr for every other image, which say nothing about this one:
 * diacritics counts, an empty image (a blank cell), the resolution it assumed.
 */
const ROUTINE = /^(?:Detected \d+ diacritics|Empty page!*|Estimating resolution as \d+|Warning: Invalid resolution|Page \d+)\s*$/i;

interface RunResult {
  stdout: string;
  messages: string[];
}

/** Runs tesseract once; rejects with SopError `ocr-failed` on a non-zero exit, a spawn error or an overrun (killed). */
function run(command: string, args: string[], input: Buffer | null, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
      // settled now, not when its output closes (a process it started may hold that open)
      reject(new SopError('ocr-failed', `the native OCR did not finish within ${timeoutMs / 1000} s and was stopped`));
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // a process that dies early closes its stdin: the write error is the exit's to report
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new SopError('ocr-failed', `the native OCR (${command}) could not run: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (killed) return;
      if (code !== 0) return reject(new SopError('ocr-failed', `the native OCR failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-2).join(' ') || 'no message'}`));
      const messages = [...new Set(stderr.split('\n').map((l) => l.trim()).filter((l) => l && !ROUTINE.test(l)))];
      resolve({ stdout: Buffer.concat(out).toString('utf8'), messages });
    });
    if (input) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Splits TSV of several pages (a list file's images, `page_num` 1-based) into one result each. */
function splitPages(tsv: string, count: number): OcrResult[] {
  const lines: string[][] = Array.from({ length: count }, () => []);
  for (const line of tsv.split('\n')) {
    const page = Number(line.split('\t', 2)[1]);
    if (page >= 1 && page <= count) lines[page - 1]!.push(line);
  }
  return lines.map((l) => parseTsv(l.join('\n')));
}

/**
 * The native engine on `model`. Calls reject with SopError `ocr-failed` (the command failed, was
 * killed past its time limit, or could not be started).
 */
export function createNativeTesseract(options: NativeOptions): OcrEngine {
  const { model } = options;
  const command = options.command ?? 'tesseract';
  const version = nativeVersion(command);
  if (!version) throw new SopError('ocr-failed', `the native OCR command "${command}" is not installed: apt-get install tesseract-ocr ${model.languages.map((c) => `tesseract-ocr-${c}`).join(' ')}`);
  const queue = new PQueue({ concurrency: Math.max(1, options.processes ?? 2) });
  const timeoutMs = options.timeoutMs ?? 120_000;
  /** The `-l` of a request: its languages, else the model's. */
  const languagesOf = (req: OcrRequest): string => (req.languages ?? model.languages).join('+');
  const args = (req: OcrRequest): string[] => [
    '--tessdata-dir', model.dir, '-l', languagesOf(req), '--oem', '1', '--psm', String(PSM_OF[req.layout ?? 'page']),
    // TSV asked by its variable, not the `tsv` config file, which a model folder other than the system's lacks
    '--dpi', String(Math.round(req.dpi ?? 300)), '-c', 'tessedit_do_invert=0', '-c', 'tessedit_create_tsv=1',
  ];
  const one = async (req: OcrRequest): Promise<OcrResult> => {
    const r = await queue.add(() => run(command, ['stdin', 'stdout', ...args(req)], toPgm(req.img), timeoutMs));
    const result = parseTsv(r.stdout);
    return r.messages.length ? { ...result, messages: r.messages } : result;
  };
  /** Requests of one layout, resolution and set of languages in one process. */
  const batch = async (reqs: OcrRequest[]): Promise<OcrResult[]> => {
    if (reqs.length === 1) return [await one(reqs[0]!)];
    return queue.add(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sop-ocr-'));
      try {
        const files = reqs.map((req, i) => {
          const file = join(dir, `${i}.pgm`);
          writeFileSync(file, toPgm(req.img));
          return file;
        });
        const list = join(dir, 'list.txt');
        writeFileSync(list, `${files.join('\n')}\n`);
        const r = await run(command, [list, 'stdout', ...args(reqs[0]!)], null, timeoutMs * Math.max(1, reqs.length / 10));
        const results = splitPages(r.stdout, reqs.length);
        if (r.messages.length) results[0] = { ...results[0]!, messages: r.messages };
        return results;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  };
  return {
    name: `tesseract ${version} (native), model ${model.id}`,
    kind: 'native',
    model,
    languages: model.languages,
    recognize: (img, layout = 'page', dpi = 300) => one({ img, layout, dpi }),
    recognizeMany: async (reqs) => {
      // one process per layout, resolution and languages (a page's cells usually share them)
      const groups = new Map<string, number[]>();
      reqs.forEach((req, i) => {
        const key = `${req.layout ?? 'page'}|${Math.round(req.dpi ?? 300)}|${languagesOf(req)}`;
        groups.set(key, [...(groups.get(key) ?? []), i]);
      });
      const out: OcrResult[] = new Array(reqs.length);
      await Promise.all([...groups.values()].map(async (idx) => {
        const results = await batch(idx.map((i) => reqs[i]!));
        idx.forEach((i, k) => (out[i] = results[k]!));
      }));
      return out;
    },
    close: async () => {
      await queue.onIdle();
    },
  };
}
