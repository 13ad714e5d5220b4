/**
 * Progress of `sop import` (issue 12). On a terminal: one bar at the bottom, redrawn by
 * cli-progress, with files done / total, rate, ETA and the pages of the files being OCRed; the
 * per-file lines are printed above it, never onto it. When the progress stream is not a terminal
 * (a log file, a pipe), nothing is drawn: a plain line every `intervalMs` instead.
 *
 *   importing [=========---------------] 120/300 files · 12.3 files/s · ETA 15s · OCR scan.pdf page 3/10
 *   progress: 120/300 files (40%), 12.3 files/s, ETA 15s, OCR scan.pdf page 3/10
 *
 * The total comes from a count of the inputs made while the import runs (importer `onTotal`);
 * until it is known the bar shows the files done and `…`. Through a queue (`sop import --queue`)
 * the jobs are counted too: `jobs 40 waiting, 4 active, 76 done, 0 failed`.
 */
import { MultiBar, type SingleBar } from 'cli-progress';

export interface ProgressOptions {
  /** Where the bar or the plain progress lines go (the CLI: stderr). */
  stream: NodeJS.WriteStream;
  /** Where the per-file lines go (the CLI: stdout). On the bar's terminal they go above the bar. */
  out: NodeJS.WriteStream;
  /** Milliseconds between plain progress lines when `stream` is not a terminal (default 10 s). */
  intervalMs?: number;
  /** Milliseconds since an epoch (tests pass their own clock). */
  now?: () => number;
}

/** Default period of the plain progress lines. */
export const PLAIN_INTERVAL_MS = 10_000;
/** Files being OCRed shown at once. */
const PAGED_SHOWN = 2;
/** Width of the bar in characters. */
const BAR_WIDTH = 24;

/** Seconds as a reader counts them: `45s`, `3m 05s`, `1h 02m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export class ImportProgress {
  private done = 0;
  private total: number | null = null;
  private readonly started: number;
  private readonly now: () => number;
  /** Files being read page by page (PDFs, images), by path: the last page read and the pages. */
  private readonly paged = new Map<string, { page: number; pages: number }>();
  private readonly bars: MultiBar | null = null;
  private readonly bar: SingleBar | null = null;
  private readonly timer: NodeJS.Timeout | null = null;
  /** Per-file lines go through the bar (the same terminal) rather than straight to `out`. */
  private readonly linesAboveBar: boolean;
  private stopped = false;
  /** Jobs of an import through a queue (`sop import --queue`), shown after the rate; null without one. */
  private jobs: { waiting: number; active: number; done: number; failed: number; connected: boolean } | null = null;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    const tty = !!options.stream.isTTY;
    this.linesAboveBar = tty && !!options.out.isTTY;
    if (tty) {
      // forceRedraw: cli-progress draws a bar only when its text changed, and the lines printed
      // above it clear its row first; linewrap: long per-file lines wrap instead of being cut
      this.bars = new MultiBar({ stream: options.stream, format: () => this.line(true), clearOnComplete: true, forceRedraw: true, linewrap: true, fps: 10 });
      this.bar = this.bars.create(1, 0);
    } else {
      this.timer = setInterval(() => options.stream.write(`${this.line(false)}\n`), options.intervalMs ?? PLAIN_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** The number of files the import will report (its inputs counted). */
  setTotal(files: number): void {
    this.total = files;
  }

  /** A page of a PDF or image was read (`page` of `pages`, from 1). */
  page(path: string, page: number, pages: number): void {
    this.paged.set(path, { page, pages });
  }

  /**
   * The jobs of an import through a queue: waiting and active in the queue, done and failed of this
   * import, and whether Redis is reachable now.
   */
  queue(jobs: { waiting: number; active: number; done: number; failed: number; connected: boolean }): void {
    this.jobs = jobs;
  }

  /** A file is done; `line` is what to print of it (null: nothing, as with --json). */
  file(path: string, line: string | null): void {
    this.done++;
    this.paged.delete(path);
    if (line === null || this.stopped) return;
    if (this.linesAboveBar) this.bars!.log(`${line}\n`);
    else this.options.out.write(`${line}\n`);
  }

  /** Prints the lines still waiting for the next redraw and removes the bar (or stops the plain lines). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.bars) {
      // the lines logged since the last redraw are written by a redraw, which stop() does not do
      this.bars.update();
      this.bar!.stop();
      this.bars.stop();
    }
  }

  /** The progress as one line: for the bar (with a bar) or plain. */
  private line(withBar: boolean): string {
    const seconds = Math.max(0.001, (this.now() - this.started) / 1000);
    const rate = this.done / seconds;
    const total = this.total;
    const of = total === null ? `${this.done}/… files` : `${this.done}/${total} files`;
    const eta = total === null || this.done === 0 ? 'ETA …' : `ETA ${duration((total - this.done) / rate)}`;
    const pages = [...this.paged].slice(0, PAGED_SHOWN).map(([path, p]) => `OCR ${path.split(/[\\/]/).pop()} page ${p.page}/${p.pages}`);
    const j = this.jobs;
    const jobs = j ? [`jobs ${j.waiting} waiting, ${j.active} active, ${j.done} done, ${j.failed} failed${j.connected ? '' : ' (queue unreachable: waiting)'}`] : [];
    const rest = [`${rate.toFixed(1)} files/s`, eta, ...jobs, ...pages];
    if (!withBar) return `progress: ${[`${of}${total ? ` (${Math.floor((100 * this.done) / total)}%)` : ''}`, ...rest].join(', ')}`;
    const filled = total ? Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * this.done) / total)) : 0;
    return `importing [${'='.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${[of, ...rest].join(' · ')}`;
  }
}
