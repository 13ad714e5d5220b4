/**
 * `npm run bench:ocr`: OCR throughput and accuracy of the scan reader against native tesseract on
 * the same page images, in one run. A benchmark, not a test: figures only.
 *
 * Pages (at least 20): the five seed scans (fixtures/renditions/*.scan.jpg, 300 dpi, ground truth
 * in <seed>.gt.txt), the same turned 90° (*.rotated.jpg), the same at 100 ppi (area-averaged in
 * memory: a phone photo's resolution), and, when ../shared is beside the repository, the real
 * scans of dev-docs 06 and 08 (rendered at their scan's resolution) and page images of
 * ../shared/wild (a 150-ppi scan, a landscape scan, scanned JPEG pages).
 *
 * Variants, each over all pages with 2 pages at a time (one per core):
 *   - `native`: the tesseract command on the page image as it is (`-l ind+eng --psm 3`,
 *     OMP_THREAD_LIMIT=1, one process per page), with the fast model (Debian's) and npm's best_int;
 *   - `pipeline`: the scan reader (decode, orientation, deskew, rules, page OCR at the scale the
 *     text's x-height allows, cell re-reads, symbols, layout) on each engine (native, wasm) and
 *     model (fast, best_int).
 * They run interleaved (`--rounds N`, default 2: each round runs every variant, in a rotated
 * order) so that a change in the machine's load falls on all of them. Figures per variant: wall
 * seconds and pages/min (median over rounds), the ratio of pages/min to native fast in the same
 * round (median), CPU seconds per page of this process and its children (/proc/self/stat: user,
 * system and reaped children's), and the order-free character error rate per page group against
 * the ground truth (words lower-cased, sorted and joined: reading order on tables is not error).
 *
 * Figures are given for all pages and for each kind of page (each group is read as a batch of its
 * own, 2 pages at a time).
 *
 * Options: --rounds N, --only part;part (the variants whose name holds one of the parts: `--only
 * 'tesseract, fast;native, fast'`), --quick (seed pages only, one round),
 * --import (then \`sop import\` of ../shared/wild and the dev-docs scans with each engine, peak
 * resident memory of the command and its children sampled every 100 ms).
 * Needs the tesseract command for the native rows and the pipeline's native engine:
 *   apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeImage, resample, toPgm, type GreyImage } from '../../src/read/image.js';
import { pixelDensity } from '../../src/read/index.js';
import { createOcrEngine, type OcrEngine } from '../../src/read/ocr.js';
import { findModel, type ModelChoice } from '../../src/read/ocr-model.js';
import { nativeVersion } from '../../src/read/ocr-native.js';
import { openPdf } from '../../src/read/pdf.js';
import { readScannedPage } from '../../src/read/scan.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const renditions = join(root, 'fixtures', 'renditions');
const shared = process.env.SOP_SHARED ?? join(root, '..', 'shared');

interface Page {
  name: string;
  group: string;
  /** The file as stored (a JPEG) or null for a page made here (rendered from a PDF, downscaled). */
  bytes: Uint8Array | null;
  /** The page image, decoded once for pages that have no file. */
  img: GreyImage | null;
  /** An image file tesseract reads (the JPEG itself, or a PGM written here). */
  file: string;
  truth: string | null;
}

/** Words of a text, normalised, sorted and joined: reading order does not count. */
function bag(text: string): string {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).sort().join(' ');
}

/**
 * Levenshtein distance (insertions, deletions and substitutions of one UTF-16 unit, each costing
 * 1), two rows of the table at a time in typed arrays: natural's LevenshteinDistance gave the same
 * figures in minutes for the 60 readings of a two-round run.
 */
function editDistance(a: string, b: string): number {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Order-free character error rate of `text` against `truth`. */
function cer(text: string, truth: string): number {
  const t = bag(truth);
  return editDistance(bag(text), t) / Math.max(1, t.length);
}

/** CPU seconds of this process and its reaped children (user + system), from /proc; own only elsewhere. */
function cpuSeconds(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // fields 14–17 of stat (utime stime cutime cstime) are 12–15 after the command name, in clock ticks of 1/100 s
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
}

async function pagesOf(quick: boolean, work: string): Promise<Page[]> {
  const pages: Page[] = [];
  const seeds = readdirSync(renditions).filter((f) => f.endsWith('.scan.jpg')).sort();
  const pgm = (name: string, img: GreyImage): string => {
    const file = join(work, `${name.replace(/[^\w.-]+/g, '_')}.pgm`);
    writeFileSync(file, toPgm(img));
    return file;
  };
  for (const f of seeds) {
    const seed = f.replace(/\.scan\.jpg$/, '');
    const truth = readFileSync(join(renditions, `${seed}.gt.txt`), 'utf8');
    const scan = join(renditions, f);
    pages.push({ name: `${seed.slice(0, 3)} scan`, group: 'seed 300 dpi', bytes: readFileSync(scan), img: null, file: scan, truth });
    if (quick) continue;
    const rotated = join(renditions, `${seed}.rotated.jpg`);
    pages.push({ name: `${seed.slice(0, 3)} rotated`, group: 'seed turned 90°', bytes: readFileSync(rotated), img: null, file: rotated, truth });
    const low = resample((await decodeImage(readFileSync(scan)))[0]!, 1 / 3);
    pages.push({ name: `${seed.slice(0, 3)} 100 ppi`, group: 'seed 100 ppi', bytes: null, img: low, file: pgm(`${seed}-100ppi`, low), truth });
  }
  if (quick || !existsSync(join(shared, 'dev-docs'))) return pages;
  const pdfPages = async (file: string, numbers: number[], group: string): Promise<void> => {
    const pdf = await openPdf(readFileSync(file));
    try {
      for (const n of numbers) {
        const p = await pdf.page(n);
        const img = await pdf.render(n, p.imageScale ? Math.min(300, Math.max(50, 72 * p.imageScale)) : 300);
        const name = `${basename(file).slice(0, 3)} p${n}`;
        pages.push({ name, group, bytes: null, img, file: pgm(name, img), truth: null });
      }
    } finally {
      await pdf.close();
    }
  };
  const dev = join(shared, 'dev-docs');
  for (const f of readdirSync(dev).filter((f) => /^0[68]_.*\.pdf$/.test(f)).sort()) await pdfPages(join(dev, f), [1, 2], 'dev-docs real scans');
  const wild = join(shared, 'wild');
  if (existsSync(wild)) {
    const named = (prefix: string): string | undefined => readdirSync(wild).find((f) => f.startsWith(prefix));
    for (const [prefix, group] of [['001_', 'wild 150-ppi scan'], ['006_', 'wild landscape scan']] as const) {
      const f = named(prefix);
      if (f) await pdfPages(join(wild, f), [1], group);
    }
    for (const prefix of ['061_', '062_', '063_', '064_']) {
      const f = named(prefix);
      if (f) pages.push({ name: `${prefix.slice(0, 3)} jpg`, group: 'wild scanned JPEG', bytes: readFileSync(join(wild, f)), img: null, file: join(wild, f), truth: null });
    }
  }
  return pages;
}

interface Variant {
  name: string;
  /** Reads the pages, 2 at a time; returns each page's text. */
  run(pages: Page[]): Promise<string[]>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** Runs `fn` over the items with `n` at a time, results in order. */
async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  }));
  return out;
}

function nativeVariant(model: ModelChoice, label: string, cacheDir: string): Variant {
  const dir = findModel(['ind', 'eng'], cacheDir, model).dir;
  return {
    name: `native tesseract, ${label}`,
    run: (pages) => pool(pages, 2, async (p) => {
      const { stdout } = await exec('tesseract', [p.file, 'stdout', '--tessdata-dir', dir, '-l', 'ind+eng', '--psm', '3'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 1 << 26 });
      return stdout;
    }),
  };
}

function pipelineVariant(engineKind: 'native' | 'wasm', model: ModelChoice, label: string, cacheDir: string): Variant {
  let engine: OcrEngine | null = null;
  return {
    name: `pipeline, ${engineKind}, ${label}`,
    start: async () => {
      engine = await createOcrEngine({ engine: engineKind, model, workers: 2, cacheDir });
    },
    stop: async () => {
      await engine?.close();
      engine = null;
    },
    run: (pages) => pool(pages, 2, async (p) => {
      const img = p.img ?? (await decodeImage(p.bytes!))[0]!;
      const scanned = await readScannedPage(img, 1, engine!, pixelDensity(img));
      return scanned.page.rows.flatMap((r) => r.cells.filter((c) => !c.shape).map((c) => c.text)).join('\n');
    }),
  };
}

interface Measure {
  /** Per group of pages: wall seconds and CPU seconds (this process and its children). */
  wall: Map<string, number>;
  cpu: Map<string, number>;
  texts: string[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const sum = (m: Map<string, number>, keys: string[]): number => keys.reduce((s, k) => s + (m.get(k) ?? 0), 0);

/** Resident memory (kB) of a process and its descendants now, from /proc; 0 when it is gone. */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const visit = (p: number): void => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return;
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

/**
 * `--import`: \`sop import\` of ../shared/wild and the dev-docs scans into a fresh database, once per
 * engine, 2 files and 2 OCR workers at once (the defaults), sampling every 100 ms the resident
 * memory of the command and its children together (tesseract processes, tesseract.js threads).
 */
async function importMemory(work: string): Promise<void> {
  const cli = fileURLToPath(new URL('../../src/cli/sop.js', import.meta.url));
  const inputs = [join(shared, 'wild'), ...readdirSync(join(shared, 'dev-docs')).filter((f) => /^0[68]_.*\.pdf$/.test(f)).map((f) => join(shared, 'dev-docs', f))];
  process.stdout.write(`\nimport of ${inputs.length - 2 > 0 ? '../shared/wild and the 2 dev-docs scans' : inputs.join(' ')}, fresh database (no OCR cache), --concurrency 2:\n`);
  for (const engine of [...(nativeVersion() ? ['native'] : []), 'wasm']) {
    const db = join(work, `import-${engine}.db`);
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'import', ...inputs, '--db', db, '--ocr-engine', engine], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 100);
    await new Promise((resolve) => child.on('exit', resolve));
    clearInterval(timer);
    const total = /total: .*/.exec(out)?.[0] ?? '';
    process.stdout.write(`  ${engine.padEnd(6)} ${((performance.now() - started) / 1000).toFixed(0)} s, peak RSS of the import and its children ${(peak / 1024 / 1024).toFixed(2)} GiB | ${total}\n`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const rounds = Number(args[args.indexOf('--rounds') + 1]) > 0 && args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : quick ? 1 : 2;
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(';') : null;
  const work = mkdtempSync(join(tmpdir(), 'sop-bench-ocr-'));
  const cacheDir = process.env.SOP_OCR_CACHE_DIR ?? join(tmpdir(), 'sop-ap-ocr');
  try {
    const pages = await pagesOf(quick, work);
    const native = nativeVersion();
    let fast: ModelChoice | null = null;
    try {
      findModel(['ind', 'eng'], cacheDir, 'system');
      fast = 'system';
    } catch {
      process.stdout.write('no system tessdata with ind and eng: the fast-model rows are skipped (apt-get install tesseract-ocr-ind tesseract-ocr-eng)\n');
    }
    const variants: Variant[] = [];
    if (native && fast) variants.push(nativeVariant(fast, 'fast', cacheDir));
    if (native) variants.push(nativeVariant('npm', 'best_int', cacheDir));
    if (native && fast) variants.push(pipelineVariant('native', fast, 'fast', cacheDir));
    if (native) variants.push(pipelineVariant('native', 'npm', 'best_int', cacheDir));
    if (fast) variants.push(pipelineVariant('wasm', fast, 'fast', cacheDir));
    variants.push(pipelineVariant('wasm', 'npm', 'best_int', cacheDir));
    if (!native) process.stdout.write('native tesseract not installed: its rows are skipped (apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng)\n');
    const chosen = only ? variants.filter((v) => only.some((o) => v.name.includes(o))) : variants;
    const groups = [...new Set(pages.map((p) => p.group))];
    process.stdout.write(`OCR benchmark: ${pages.length} pages (${groups.map((g) => `${pages.filter((p) => p.group === g).length} ${g}`).join(', ')}), ${rounds} round(s), tesseract ${native ?? 'absent'}, ${cpus().length} cores; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    const results = new Map<string, Measure[]>(chosen.map((v) => [v.name, []]));
    for (let round = 0; round < rounds; round++) {
      const order = chosen.map((_, i) => chosen[(i + round) % chosen.length]!);
      for (const v of order) {
        await v.start?.();
        const m: Measure = { wall: new Map(), cpu: new Map(), texts: new Array(pages.length) };
        // group by group, 2 pages at a time within a group: figures per kind of page
        for (const g of groups) {
          const idx = pages.flatMap((p, i) => (p.group === g ? [i] : []));
          const cpu0 = cpuSeconds();
          const t0 = performance.now();
          const texts = await v.run(idx.map((i) => pages[i]!));
          m.wall.set(g, (performance.now() - t0) / 1000);
          m.cpu.set(g, cpuSeconds() - cpu0);
          idx.forEach((i, k) => (m.texts[i] = texts[k]!));
        }
        await v.stop?.();
        results.get(v.name)!.push(m);
        process.stdout.write(`  round ${round + 1}: ${v.name}: ${sum(m.wall, groups).toFixed(1)} s, ${(sum(m.cpu, groups) / pages.length).toFixed(2)} CPU s/page (load ${loadavg()[0]!.toFixed(1)})\n`);
      }
    }
    const base = chosen.find((v) => v.name.startsWith('native tesseract, fast')) ?? chosen.find((v) => v.name.startsWith('native tesseract'));
    const truthGroups = groups.filter((g) => pages.some((p) => p.group === g && p.truth));
    // each page's error rate once per reading (an edit distance over some thousand characters)
    const rates = new Map<string[], number[]>();
    const cerOf = (texts: string[], group: string): number => {
      if (!rates.has(texts)) rates.set(texts, pages.map((p, i) => (p.truth ? cer(texts[i] ?? '', p.truth) : NaN)));
      const idx = pages.flatMap((p, i) => (p.group === group && p.truth ? [i] : []));
      return idx.reduce((s, i) => s + rates.get(texts)![i]!, 0) / idx.length;
    };
    /** One table: each variant over the pages of `keys`, with ratios to the baseline taken round by round. */
    const table = (title: string, keys: string[]): void => {
      const n = pages.filter((p) => keys.includes(p.group)).length;
      const cerGroups = truthGroups.filter((g) => keys.includes(g));
      process.stdout.write(`\n${title} (${n} pages)\n${'variant'.padEnd(32)} ${'wall s'.padStart(7)} ${'pages/min'.padStart(9)} ${'vs native'.padStart(9)} ${'CPU s/page'.padStart(10)} ${'CPU vs nat'.padStart(10)} ${cerGroups.map((g) => `CER ${g}`.padStart(Math.max(10, g.length + 4))).join(' ')}\n`);
      for (const v of chosen) {
        const ms = results.get(v.name)!;
        const bs = base ? results.get(base.name)! : null;
        const wall = median(ms.map((m) => sum(m.wall, keys)));
        const cpu = median(ms.map((m) => sum(m.cpu, keys))) / n;
        // ratios within a round, then their median: the load of that round falls on both
        const ratio = bs ? median(ms.map((m, r) => sum(bs[r]!.wall, keys) / sum(m.wall, keys))) : NaN;
        const cpuRatio = bs ? median(ms.map((m, r) => sum(bs[r]!.cpu, keys) / sum(m.cpu, keys))) : NaN;
        const cers = cerGroups.map((g) => `${(median(ms.map((m) => cerOf(m.texts, g))) * 100).toFixed(2)}%`.padStart(Math.max(10, g.length + 4)));
        process.stdout.write(`${v.name.padEnd(32)} ${wall.toFixed(1).padStart(7)} ${((n / wall) * 60).toFixed(1).padStart(9)} ${(Number.isNaN(ratio) ? '-' : `${ratio.toFixed(2)}×`).padStart(9)} ${cpu.toFixed(2).padStart(10)} ${(Number.isNaN(cpuRatio) ? '-' : `${cpuRatio.toFixed(2)}×`).padStart(10)} ${cers.join(' ')}\n`);
      }
    };
    table('all pages', groups);
    if (groups.length > 1) for (const g of groups) table(g, [g]);
    process.stdout.write(`\nload average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}; "vs native": pages/min (wall) and CPU per page against ${base?.name ?? 'no native run'} in the same round (median over rounds)\n`);
    process.stdout.write('targets (issue 13): pipeline native fast ≥ 0.70×, pipeline wasm fast ≥ 0.50× native fast, each at CER ≤ 1.0% on the seed scans\n');
    if (args.includes('--import') && existsSync(join(shared, 'wild'))) await importMemory(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
