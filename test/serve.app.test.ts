/**
 * `sop serve` on the server side (Hono's `app.request`, no socket): the token rule, 404 pages for
 * bad ids, 400 for malformed edits, conflicts for concurrent edits, escaping of document text,
 * the list's search, filters and paging, failed files with their reasons, legal bases, compare,
 * page images rendered once and cached on disk.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { openDatabase, type Db } from '../src/store/db.js';
import { createApp } from '../src/serve/app.js';
import { startServer } from '../src/serve/server.js';
import { MARKUP, servedCorpus, type ServedCorpus } from './helpers/serve.js';
import type { SopRecord } from '../src/record/schema.js';

const cli = fileURLToPath(new URL('../dist/src/cli/sop.js', import.meta.url));
let dir: string;
let db: Db;
let app: Hono;
let c: ServedCorpus;
const HOST = { host: '127.0.0.1:4170' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sop-serve-'));
  db = openDatabase(join(dir, 'sop.db'));
  c = await servedCorpus(db, dir);
  app = createApp({ db, cacheDir: join(dir, 'cache') });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => Promise.resolve(app.request(path, { headers: { ...HOST, ...headers } }));
const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  Promise.resolve(app.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { ...HOST, 'content-type': 'application/json', ...headers } }));
const record = async (id: string): Promise<SopRecord> => (await (await get(`/sop/${id}.json`)).json()) as SopRecord;

describe('access', () => {
  it('off localhost, refuses to start without a token (or with a short one)', async () => {
    await expect(startServer({ db, host: '0.0.0.0', port: 0, token: null, cacheDir: dir })).rejects.toThrow(/without a token/);
    await expect(startServer({ db, host: '0.0.0.0', port: 0, token: 'short', cacheDir: dir })).rejects.toThrow(/16 characters/);
  });

  it('with a token, every request needs it: ?token= once gives a cookie, then the cookie or a Bearer header', async () => {
    const token = 'a-token-of-24-characters';
    const guarded = createApp({ db, cacheDir: join(dir, 'cache'), token });
    const req = (path: string, headers: Record<string, string> = {}): Promise<Response> => Promise.resolve(guarded.request(path, { headers: { host: '10.0.0.5:4170', ...headers } }));
    expect((await req('/')).status).toBe(401);
    expect((await req(`/sop/${c.pdf}.json`)).status).toBe(401);
    expect((await req('/?token=wrong-token-of-24-chars')).status).toBe(401);
    const first = await req(`/?q=kinerja&token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/?q=kinerja');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sop_token=a-token-of-24-characters;.*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await req('/', { cookie: cookie.split(';')[0]! })).status).toBe(200);
    expect((await req('/', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await req('/', { cookie: 'sop_token=a-token-of-24-characterX' })).status).toBe(401);
  });

  it('sop serve: refuses a public host without a token; with SOP_SERVE_TOKEN prints the address to open', async () => {
    const refused = spawnSync(process.execPath, [cli, 'serve', '--db', join(dir, 'sop.db'), '--host', '0.0.0.0', '--port', '0'], { encoding: 'utf8', env: { ...process.env, SOP_SERVE_TOKEN: '' } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refusing to serve on 0\.0\.0\.0 without a token/);
    const child = spawn(process.execPath, [cli, 'serve', '--db', join(dir, 'sop.db'), '--host', '0.0.0.0', '--port', '0'], { env: { ...process.env, SOP_SERVE_TOKEN: 'env-token-0123456789' } });
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const url = /sop serve: (\S+)/.exec(line.toString())![1]!;
      expect(url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/\?token=env-token-0123456789$/);
      const port = new URL(url).port;
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/`, { headers: { authorization: 'Bearer env-token-0123456789' } })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('without a token, serves only requests addressed to localhost (no DNS rebinding)', async () => {
    expect((await get('/', { host: 'evil.example:4170' })).status).toBe(403);
    expect((await get('/', { host: 'localhost:4170' })).status).toBe(200);
  });

  it('refuses cross-origin writes and writes that are not JSON', async () => {
    const r = await record(c.seed000);
    const change = { changes: [{ op: 'set', field: 'identity/unit', old: r.identity.unit, value: 'X' }] };
    expect((await post(`/sop/${c.seed000}/edits`, change, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(`/sop/${c.seed000}/edits`, change, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await record(c.seed000)).identity.unit).toBe(r.identity.unit);
  });
});

describe('bad requests', () => {
  it('answers unknown ids with 404 pages', async () => {
    for (const path of ['/sop/0000000000000000-0', '/file/99999', '/legal-bases/pp::1:1900', '/nothing/here']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('Not found');
    }
    expect((await get('/doc/99999/page/1')).status).toBe(404);
    expect((await post('/sop/0000000000000000-0/edits', { changes: [{ op: 'set', field: 'identity/title', old: null, value: 'x' }] })).status).toBe(404);
  });

  it('answers malformed edits with 400 and a message', async () => {
    const r = await record(c.seed001);
    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /JSON object/],
      [{ changes: 'x' }, /at least one change/],
      [{ changes: [{ op: 'set', field: 'source/sha256', old: r.source.sha256, value: 'x' }] }, /not a field/],
      [{ changes: [{ op: 'set', field: 'identity/effectiveDate', old: r.identity.effectiveDate, value: '31 Februari 2024' }] }, /not a date/],
      [{ changes: [{ op: 'set', field: 'steps/0/actors', old: r.steps[0]!.actors, value: ['Gubernur'] }] }, /not an actor of this SOP/],
      [{ changes: [{ op: 'set', field: 'steps/0/next', old: null, value: { yes: 'two' } }] }, /whole step number/],
      [{ changes: [{ op: 'drop', field: 'steps/0' }] }, /unknown change/],
      [{ changes: [{ op: 'remove', field: 'identity/title', old: r.identity.title }] }, /only an existing item/],
    ];
    for (const [body, message] of cases) {
      const res = await post(`/sop/${c.seed001}/edits`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect((await post(`/sop/${c.seed001}/undo`, { edit: 'x' })).status).toBe(400);
  });
});

describe('corrections over HTTP', () => {
  it('two browsers editing one field: the second gets 409 with the first one\'s value, nothing is lost', async () => {
    const r = await record(c.seed000);
    const seen = r.steps[1]!.output;
    const a = await post(`/sop/${c.seed000}/edits`, { changes: [{ op: 'set', field: 'steps/1/output', old: seen, value: 'Format A' }], by: 'Ani' });
    expect(a.status).toBe(201);
    const b = await post(`/sop/${c.seed000}/edits`, { changes: [{ op: 'set', field: 'steps/1/output', old: seen, value: 'Format B' }], by: 'Budi' });
    expect(b.status).toBe(409);
    const body = (await b.json()) as { error: string; conflict: { current: unknown; yours: unknown; by: string } };
    expect(body.conflict).toMatchObject({ current: 'Format A', yours: 'Format B', by: 'Ani' });
    expect(body.error).toContain('by Ani');
    expect((await record(c.seed000)).steps[1]!.output).toBe('Format A');
    // the page shows the correction and its undo
    const page = await (await get(`/sop/${c.seed000}`)).text();
    expect(page).toContain('Format A');
    expect(page).toMatch(/<button type="button" class="undo" data-edit="\d+">Undo<\/button>/);
    const edit = (await record(c.seed000)).corrections!.length;
    expect(edit).toBe(1);
    const editId = Number(/class="undo" data-edit="(\d+)"/.exec(page)![1]);
    expect((await post(`/sop/${c.seed000}/undo`, { edit: editId, by: 'Ani' })).status).toBe(200);
    expect((await record(c.seed000)).steps[1]!.output).toBe(seen);
  });
});

describe('pages', () => {
  it('shows markup from documents as text', async () => {
    const r = await record(c.markup);
    expect(r.steps[0]!.activity).toContain(MARKUP);
    const page = await (await get(`/sop/${c.markup}`)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;');
    // the record embedded for the client script cannot close its block either
    expect(page).toContain('\\u003cscript>alert(1)\\u003c/script>');
    expect(page.match(/<script/g)).toHaveLength(2); // app.js and the JSON block
    const list = await (await get('/?q=format+isian')).text();
    expect(list).not.toContain('<script>alert');
  });

  it('lists SOPs with search, filters, status and paging', async () => {
    const all = await (await get('/')).text();
    expect(all).toContain('<strong>6</strong> SOP(s)');
    expect(all).toContain('1 failed');
    const found = await (await get('/?q=pengukuran')).text();
    expect(found).toContain('<strong>1</strong> SOP(s)');
    expect(found).toContain('Pengukuran Kinerja');
    const stemmed = await (await get('/?q=memantau')).text();
    expect(stemmed).toMatch(/<strong>[1-9]\d*<\/strong> SOP\(s\)/);
    const org = await (await get(`/?organization=${encodeURIComponent('Kabupaten Pesisir Selatan')}`)).text();
    expect(org).toContain('<strong>3</strong> SOP(s)');
    const partial = await (await get('/?status=partial')).text();
    expect(partial).toContain('<strong>1</strong> SOP(s)');
    expect(partial).toContain('no procedure table');
    expect(await (await get('/?page=99')).text()).not.toContain('page 99');
  });

  it('lists failed files with their reason and opens them', async () => {
    const files = await (await get('/files?status=failed')).text();
    expect(files).toContain('empty.txt');
    expect(files).toContain('the file is empty');
    const one = await (await get(`/file/${c.failedDoc}`)).text();
    expect(one).toContain('the file is empty');
    expect(one).toContain('no page image: the file is neither a PDF nor an image');
  });

  it('draws the SOP as an SOP AP form with the flowchart and embeds the provenance', async () => {
    const page = await (await get(`/sop/${c.seed000}`)).text();
    expect(page).toContain('<th>Nomor SOP</th>');
    expect(page).toMatch(/<th colspan="4">Pelaksana<\/th>/);
    // seed 000 marks steps 9 to 13: five process symbols, joined
    expect(page.match(/<svg class="symbol" data-kind="process"/g)).toHaveLength(5);
    const pdfPage = await (await get(`/sop/${c.pdf}`)).text();
    expect(pdfPage).toContain(`data-doc="${c.pdfDoc}" data-pages="1"`);
    expect(pdfPage).toContain('"provenance":{"identity/title":[{"page":1,"box":[');
  });

  it('renders a PDF page once, caches it on disk by page hash, and gives its frames', async () => {
    const meta = (await (await get(`/doc/${c.pdfDoc}/page/1/meta`)).json()) as { type: string; pt: number[]; px: number[]; width: number };
    expect(meta.type).toBe('image/png');
    expect(meta.pt.map(Math.round)).toEqual([609, 935]);
    expect(meta.width).toBe(Math.ceil((609.12 * 110) / 72));
    const img = await get(`/doc/${c.pdfDoc}/page/1`);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const cached = readdirSync(join(dir, 'cache'), { recursive: true }).filter((f) => String(f).endsWith('.png'));
    expect(cached).toHaveLength(1);
    expect(String(cached[0])).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
    expect((await get(`/doc/${c.pdfDoc}/page/2`)).status).toBe(404);
    expect(existsSync(join(dir, 'cache'))).toBe(true);
  });

  it('shows a text file as plain text, never as markup', async () => {
    const doc = db.prepare("SELECT id FROM documents WHERE path LIKE '%markup.txt'").pluck().get() as number;
    const res = await get(`/doc/${doc}/text`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(await res.text()).toContain('Membuat &lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await get(`/doc/${c.pdfDoc}/text`)).status).toBe(404);
  });

  it('shows the legal-basis index and one regulation with its SOPs', async () => {
    const laws = await (await get('/legal-bases')).text();
    expect(laws).toContain('uu::23:2014');
    const one = await (await get('/legal-bases/uu%3A%3A23%3A2014')).text();
    expect(one).toContain('Pemantauan Capaian Kinerja Internal');
  });

  it('compares two SOPs side by side, and asks which one when a reference matches several', async () => {
    const page = await (await get(`/compare?a=${c.seed001}&b=002_73c36ed984910bbc.txt`)).text();
    expect(page).toContain('Steps: 4 same, 9 similar');
    const ambiguous = await (await get(`/compare?a=${c.seed001}&b=800%2F04%2FSilaut%2F2024`)).text();
    expect(ambiguous).toContain('choose one');
    expect((await get('/compare?a=nothing-like-it&b=nor-this')).status).toBe(404);
  });
});

describe('confidence (schemaVersion 2 records)', () => {
  it('orders the list lowest confidence first and marks the fields under 0.9', async () => {
    const give = (id: string, record: number, fields: Record<string, number>): void => {
      const r = JSON.parse(db.prepare('SELECT record_json FROM sops WHERE id = ?').pluck().get(id) as string) as SopRecord;
      db.prepare('UPDATE sops SET record_json = ? WHERE id = ?').run(JSON.stringify({ ...r, schemaVersion: 2, confidence: { record, fields } }), id);
    };
    // every record imported carries its confidence (schemaVersion 2): these two are made the least sure
    give(c.seed000, 0.01, { 'identity/number': 0.42, 'identity/title': 0.97 });
    give(c.seed001, 0.02, {});
    const fresh = createApp({ db, cacheDir: join(dir, 'cache') });
    const list = await (await fresh.request('/?sort=confidence', { headers: HOST })).text();
    expect(list).toContain('lowest confidence first');
    expect(list).toContain(`<strong>${db.prepare('SELECT COUNT(*) FROM sops').pluck().get() as number}</strong> SOP(s)`);
    const order = [...list.matchAll(/href="\/sop\/([^"]+)"/g)].map((m) => m[1]);
    expect(order.slice(0, 2)).toEqual([c.seed000, c.seed001]);
    const page = await (await fresh.request(`/sop/${c.seed000}`, { headers: HOST })).text();
    expect(page).toContain('data-field="identity/number" data-confidence="0.42" data-low');
    expect(page).toMatch(/data-field="identity\/title" data-confidence="0.97">/);
  });
});
