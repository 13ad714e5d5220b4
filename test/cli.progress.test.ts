/**
 * Progress of `sop import` (issue 12): on a terminal, a bar with done/total, rate and ETA below the
 * per-file lines, gone at the end; elsewhere no drawing, plain lines now and then. The CLI runs in
 * a pseudo-terminal (util-linux `script`), and what it wrote is played into a terminal emulator
 * (@xterm/headless) to read the final screen as a user sees it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Terminal } from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportProgress } from '../src/cli/progress.js';
import { writeCorpus } from '../scripts/bench/corpus.js';

const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));
const corpus = fileURLToPath(new URL('../corpus/', import.meta.url));
const COLUMNS = 120;
let dir: string;

/**
 * The lines of the screen (with its scrollback) after `output` is played into a terminal of
 * `columns`: rows a long line wrapped onto joined back, trailing blank lines dropped.
 */
async function screen(output: string, columns = COLUMNS): Promise<string[]> {
  const term = new Terminal({ cols: columns, rows: 40, scrollback: 10_000, allowProposedApi: true });
  // a terminal's line discipline turns \n into \r\n (onlcr): the pseudo-terminal did, a fake stream did not
  await new Promise<void>((resolve) => term.write(output.replace(/\r?\n/g, '\r\n'), resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const row = buffer.getLine(i)!;
    if (row.isWrapped && lines.length) lines[lines.length - 1] += row.translateToString(true);
    else lines.push(row.translateToString(true));
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  term.dispose();
  return lines;
}

const hasScript = spawnSync('script', ['--version']).status === 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-progress-'));
  await writeCorpus(join(dir, 'batch'), 40, 11, corpus);
  copyFileSync(fileURLToPath(new URL('../fixtures/renditions/003_d55e84fb4eb038f4.docx', import.meta.url)), join(dir, 'batch', 'rendition.docx'));
  mkdirSync(join(dir, 'batch', 'notes'));
  copyFileSync(join(corpus, '000_64e8e44553c70391.txt'), join(dir, 'batch', 'notes', 'readme.odt'));
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sop import on a terminal', () => {
  it.skipIf(!hasScript)('prints every file line whole above a bar with done/total, rate and ETA, and leaves no bar behind', async () => {
    const db = join(dir, 'tty.db');
    const command = `stty cols ${COLUMNS} rows 40; ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} import ${JSON.stringify(join(dir, 'batch'))} --db ${JSON.stringify(db)}`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    expect(r.status).toBe(0);
    // while it ran: a bar with the total counted, a rate and an ETA
    expect(r.stdout).toMatch(/importing \[=*-*\] \d+\/42 files · \d+\.\d files\/s · ETA (?:\d+[smh]|…)/);
    const lines = await screen(r.stdout);
    expect(lines.filter((l) => l.includes('importing'))).toEqual([]);
    expect(lines[lines.length - 1]).toBe('total: 42 files, 41 SOPs | imported 41, partial 0, failed 0, duplicate 0, unchanged 0, skipped 1');
    const files = lines.slice(0, -1);
    expect(files).toHaveLength(42);
    for (const line of files) expect(line).toMatch(/^(?:ok {6}\/\S+\.(?:txt|docx) \| .+ \| \d+ steps \| \d+ legal bases \| .*warning\(s\)|skip {4}\/\S+readme\.odt: file type not supported yet)$/);
    expect(new Set(files.map((l) => l.split(/\s+/)[1])).size).toBe(42);
  }, 180_000);
});

describe('sop import elsewhere', () => {
  it('draws nothing when stderr is no terminal', () => {
    const r = spawnSync(process.execPath, [cli, 'import', join(dir, 'batch'), '--db', join(dir, 'pipe.db')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\u001b/);
    expect(r.stdout.trim().split('\n')).toHaveLength(43);
  }, 120_000);
});

/** A stream that keeps what is written, and says it is a terminal of `columns` or not. */
function capture(tty: boolean, columns = COLUMNS): PassThrough & { text: () => string } {
  const stream = new PassThrough() as PassThrough & { text: () => string; isTTY?: boolean; columns?: number };
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  if (tty) Object.assign(stream, { isTTY: true, columns, rows: 40, cursorTo: (x: number, _y: unknown, cb?: () => void) => stream.write(`\u001b[${x + 1}G`, cb), moveCursor: (dx: number, dy: number, cb?: () => void) => stream.write(`${dy < 0 ? `\u001b[${-dy}A` : dy > 0 ? `\u001b[${dy}B` : ''}${dx > 0 ? `\u001b[${dx}C` : dx < 0 ? `\u001b[${-dx}D` : ''}`, cb), clearLine: (dir: number, cb?: () => void) => stream.write(dir === 1 ? '\u001b[0K' : dir === -1 ? '\u001b[1K' : '\u001b[2K', cb), clearScreenDown: (cb?: () => void) => stream.write('\u001b[0J', cb) });
  stream.text = () => text;
  return stream;
}

describe('ImportProgress', () => {
  it('on a terminal: pages of the files being OCRed in the bar, lines above it, nothing left at the end', async () => {
    const err = capture(true);
    let clock = 0;
    const progress = new ImportProgress({ stream: err as unknown as NodeJS.WriteStream, out: err as unknown as NodeJS.WriteStream, now: () => clock });
    progress.setTotal(10);
    clock = 2000;
    progress.file('/data/a.txt', 'ok      /data/a.txt | A');
    progress.file('/data/b.txt', 'ok      /data/b.txt | B');
    progress.page('/data/scan.pdf', 3, 10);
    await new Promise((r) => setTimeout(r, 250));
    expect(await screen(err.text())).toEqual(['ok      /data/a.txt | A', 'ok      /data/b.txt | B', 'importing [=====-------------------] 2/10 files · 1.0 files/s · ETA 8s · OCR scan.pdf page 3/10']);
    progress.file('/data/scan.pdf', 'ok      /data/scan.pdf | C');
    progress.stop();
    expect(await screen(err.text())).toEqual(['ok      /data/a.txt | A', 'ok      /data/b.txt | B', 'ok      /data/scan.pdf | C']);
  });

  it('elsewhere: a plain line now and then, no bar', async () => {
    const err = capture(false);
    const out = capture(false);
    let clock = 0;
    const progress = new ImportProgress({ stream: err as unknown as NodeJS.WriteStream, out: out as unknown as NodeJS.WriteStream, intervalMs: 40, now: () => clock });
    progress.setTotal(4);
    clock = 10_000;
    progress.file('/data/a.txt', 'ok      /data/a.txt | A');
    progress.page('/data/scan.pdf', 1, 2);
    await new Promise((r) => setTimeout(r, 100));
    progress.stop();
    expect(out.text()).toBe('ok      /data/a.txt | A\n');
    expect(err.text()).not.toMatch(/\u001b/);
    expect(err.text().split('\n')[0]).toBe('progress: 1/4 files (25%), 0.1 files/s, ETA 30s, OCR scan.pdf page 1/2');
  });
});
