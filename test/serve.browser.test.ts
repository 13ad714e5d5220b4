/**
 * `sop serve` in a real browser: Playwright (playwright-core) driving Debian's Chromium. Skipped,
 * saying why, when no Chromium is installed (`.ci/run` installs it; `npm test` passes without it).
 * The flow of a records officer: search the list, open an SOP, click a field and see its box on
 * the page image, correct it, reload, re-import the file, and find the correction still there and
 * in `sop export`; two browsers editing one field; markup from a document shown as text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { importPaths } from '../src/import/importer.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.js';
import { MARKUP, servedCorpus, type ServedCorpus } from './helpers/serve.js';
import type { SopRecord } from '../src/record/schema.js';

const chromium = findChromium();
const why = 'no Chromium installed (apt-get install chromium, or set CHROMIUM_PATH)';
if (!chromium) process.stderr.write(`serve.browser.test.ts: skipped: ${why}\n`);
const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));

describe.skipIf(!chromium)(`sop serve in Chromium${chromium ? '' : ` (skipped: ${why})`}`, () => {
  let dir: string;
  let dbPath: string;
  let db: Db;
  let c: ServedCorpus;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sop-browser-'));
    dbPath = join(dir, 'sop.db');
    db = openDatabase(dbPath);
    c = await servedCorpus(db, dir);
    server = await startServer({ db, host: '127.0.0.1', port: 0, token: null, cacheDir: join(dir, 'cache') });
    const { chromium: pw } = await import('playwright-core');
    browser = await pw.launch({ executablePath: chromium!, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('dialog', (d) => void d.accept());
    await page.goto(new URL(path, server.url).href);
    return page;
  }

  async function correct(page: Page, field: string, value: string): Promise<void> {
    await page.locator(`[data-field="${field}"]`).first().dblclick();
    await page.locator('form.editor [name=value]').fill(value);
    await Promise.all([page.waitForEvent('load'), page.locator('form.editor button[type=submit]').click()]);
  }

  it('searches the list and opens an SOP', async () => {
    const page = await open('/');
    await page.fill('input[name=q]', 'pengukuran');
    await Promise.all([page.waitForURL(/q=pengukuran/), page.press('input[name=q]', 'Enter')]);
    await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(1);
    await Promise.all([page.waitForURL(/\/sop\//), page.click('table.list tbody a')]);
    expect(await page.locator('h1').textContent()).toBe('Pengukuran Kinerja');
    await page.close();
  });

  it('outlines on the page image the region a clicked field was read from', async () => {
    const page = await open(`/sop/${c.pdf}`);
    await page.locator('.viewer img[src]').waitFor();
    await page.locator('[data-field="identity/title"]').click();
    const box = page.locator('.viewer .box');
    await box.waitFor();
    expect(await box.count()).toBe(1);
    const img = (await page.locator('.viewer img').boundingBox())!;
    const drawn = (await box.boundingBox())!;
    const [x0, y0, x1] = c.titleBox.box;
    const scale = img.width / 609.12;
    expect(Math.abs(drawn.x - (img.x + x0 * scale))).toBeLessThan(3);
    expect(Math.abs(drawn.y - (img.y + y0 * scale))).toBeLessThan(3);
    expect(Math.abs(drawn.width - (x1 - x0) * scale)).toBeLessThan(3);
    expect(await page.locator('.viewer .where').textContent()).toBe('identity/title: page 1');
    // a step's cell without its own region shows the step's
    await page.locator('[data-field="steps/0/activity"]').click();
    expect(await page.locator('.viewer .where').textContent()).toBe('steps/0/activity: page 1');
    await page.locator('[data-field="identity/unit"]').click();
    expect(await page.locator('.viewer .where').textContent()).toBe('identity/unit: no position recorded');
    expect(await page.locator('.viewer .box').count()).toBe(0);
    await page.close();
  });

  it('keeps a correction across reload and re-import, and exports it', async () => {
    const page = await open(`/sop/${c.pdf}`);
    await page.fill('#who', 'Rina');
    await page.locator('#who').dispatchEvent('change');
    await correct(page, 'identity/title', 'Pemantauan Capaian Kinerja Internal Kecamatan');
    expect(await page.locator('[data-field="identity/title"]').textContent()).toBe('Pemantauan Capaian Kinerja Internal Kecamatan');
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Pemantauan Capaian Kinerja Internal Kecamatan');
    expect(await page.locator('section.history tbody tr').count()).toBe(1);
    expect(await page.locator('section.history tbody tr td').nth(1).textContent()).toBe('Rina');

    const report = await importPaths(db, [c.files]);
    expect(report.files.find((f) => f.path.endsWith('rendition.pdf'))?.status).toBe('unchanged');
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Pemantauan Capaian Kinerja Internal Kecamatan');

    const out = spawnSync(process.execPath, [cli, 'export', '--db', dbPath, '--format', 'jsonl'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    const exported = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as SopRecord).find((r) => r.id === c.pdf)!;
    expect(exported.identity.title).toBe('Pemantauan Capaian Kinerja Internal Kecamatan');
    expect(exported.corrections).toMatchObject([{ path: 'identity/title', old: 'Pemantauan Capaian Kinerja Internal', by: 'Rina' }]);

    // undo brings the value read from the file back
    await Promise.all([page.waitForEvent('load'), page.click('button.undo')]);
    expect(await page.locator('h1').textContent()).toBe('Pemantauan Capaian Kinerja Internal');
    await page.close();
  });

  it('shows a conflict when two browsers correct one field, and loses neither edit', async () => {
    const a = await open(`/sop/${c.seed001}`);
    const b = await open(`/sop/${c.seed001}`);
    await correct(a, 'identity/unit', 'Kecamatan Silaut (A)');
    await b.locator('[data-field="identity/unit"]').dblclick();
    await b.locator('form.editor [name=value]').fill('Kecamatan Silaut (B)');
    await b.locator('form.editor button[type=submit]').click();
    const note = b.locator('form.editor .conflict p');
    await note.waitFor();
    expect(await note.textContent()).toContain('It now reads: Kecamatan Silaut (A)');
    await Promise.all([b.waitForEvent('load'), b.click('text=Replace it with mine')]);
    expect(await b.locator('[data-field="identity/unit"]').textContent()).toBe('Kecamatan Silaut (B)');
    const rows = await b.locator('section.history tbody tr td:nth-child(5)').allTextContents();
    expect(rows).toEqual(['Kecamatan Silaut (A)', 'Kecamatan Silaut (B)']);
    await a.close();
    await b.close();
  });

  it('shows markup from a document as text, running nothing', async () => {
    const page = await open(`/sop/${c.markup}`);
    let dialogs = 0;
    page.on('dialog', () => dialogs++);
    const cell = await page.locator('[data-field="steps/0/activity"]').textContent();
    expect(cell).toContain(MARKUP);
    await page.waitForTimeout(200);
    expect(dialogs).toBe(0);
    expect(await page.locator('td img').count()).toBe(0);
    await page.close();
  });
});
