/**
 * `npm run screenshots`: the README's pictures of `sop serve` (docs/screenshots/*.png), made from
 * the bundled corpus and the born-digital PDF rendition of seed 003 in a temporary database, shown
 * in Debian's Chromium through Playwright (playwright-core). Needs `chromium` (or CHROMIUM_PATH).
 *
 * - list.png: the SOP list searched for "kinerja";
 * - sop.png: seed 003's PDF as an SOP AP form with its flowchart, a step's activity selected and
 *   its region outlined on the page image;
 * - compare.png: seeds 001 and 002 (one template, two kecamatan) side by side.
 *
 * Where the record carries no `provenance` (a record imported before schemaVersion 2), the regions of
 * the fields shown are taken from the PDF's text layer (the words whose text begins the field's
 * value, in points from the page's top-left corner, as SOP-RECORD.md defines provenance).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPaths } from '../src/import/importer.js';
import { openPdf } from '../src/read/pdf.js';
import type { Region, SopRecord } from '../src/record/schema.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { startServer } from '../src/serve/server.js';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(root, 'docs', 'screenshots');
const PDF = 'fixtures/renditions/003_d55e84fb4eb038f4.pdf';

/** Gives the PDF's record regions from its text layer for its identity values and step activities, unless it has provenance. */
async function textLayerProvenance(db: Db, id: string): Promise<void> {
  const r = JSON.parse(db.prepare('SELECT record_json FROM sops WHERE id = ?').pluck().get(id) as string) as SopRecord;
  if (r.provenance) return;
  const pdf = await openPdf(readFileSync(join(root, PDF)));
  const provenance: Record<string, Region[]> = {};
  for (let n = 1; n <= pdf.numPages; n++) {
    const words = (await pdf.page(n)).words;
    const find = (field: string, value: string | null): void => {
      const head = value?.slice(0, 24);
      const w = head ? words.find((x) => x.text.length > 3 && head.startsWith(x.text.slice(0, 24))) : undefined;
      if (w && !provenance[field]) provenance[field] = [{ page: n, box: [w.box.x0, w.box.y0, w.box.x1, w.box.y1], unit: 'pt' }];
    };
    for (const k of ['title', 'number', 'unit', 'organization'] as const) find(`identity/${k}`, r.identity[k]);
    r.steps.forEach((s, i) => find(`steps/${i}/activity`, s.activity));
  }
  await pdf.close();
  db.prepare('UPDATE sops SET record_json = ? WHERE id = ?').run(JSON.stringify({ ...r, provenance }), id);
}

async function main(): Promise<void> {
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium: apt-get install chromium (or set CHROMIUM_PATH)');
  process.chdir(root);
  const dir = mkdtempSync(join(tmpdir(), 'sop-shots-'));
  const db = openDatabase(join(dir, 'sop.db'));
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
  try {
    await importPaths(db, ['corpus', PDF]);
    const idOf = (path: string): string => db.prepare('SELECT s.id FROM sops s JOIN documents d ON d.id = s.document_id WHERE d.path = ?').pluck().get(path) as string;
    const pdfId = idOf(PDF);
    await textLayerProvenance(db, pdfId);
    const server = await startServer({ db, host: '127.0.0.1', port: 0, token: null, cacheDir: join(dir, 'cache') });
    mkdirSync(OUT, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const url = (path: string): string => new URL(path, server.url).href;

    await page.goto(url('/?q=kinerja'));
    await page.screenshot({ path: join(OUT, 'list.png') });

    await page.goto(url(`/sop/${pdfId}`));
    await page.locator('.viewer img[src]').waitFor();
    await page.evaluate("document.querySelector('.viewer img').decode().catch(() => undefined)");
    const step = page.locator('[data-field="steps/3/activity"]');
    await step.scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, 250)');
    await step.click();
    await page.locator('.viewer .box').waitFor();
    await page.screenshot({ path: join(OUT, 'sop.png') });

    await page.goto(url(`/compare?a=${idOf('corpus/001_51dbded0528e22f1.txt')}&b=${idOf('corpus/002_73c36ed984910bbc.txt')}`));
    await page.screenshot({ path: join(OUT, 'compare.png') });
    await server.close();
    process.stdout.write(`wrote list.png, sop.png, compare.png to ${OUT}\n`);
  } finally {
    await browser.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
