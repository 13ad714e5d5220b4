/**
 * The web application of `sop serve` (Hono): the SOP list, one SOP as an SOP AP form beside its
 * page images, corrections (POST, JSON), the legal-basis index, compare, and the files that failed
 * or are partial. Every page reads the same SQLite database as the CLI; corrections are its only
 * writes (migration 009).
 *
 * Access: with a token (required off localhost, server.ts), every request must carry it: as
 * `?token=` once (answered with a cookie, HttpOnly and SameSite=Strict, and a redirect to the
 * same address without it), then the cookie, or an `Authorization: Bearer` header. Without a
 * token, only requests addressed to a loopback host name are served (a page elsewhere cannot reach
 * the server through DNS rebinding). Writes must be JSON from the server's own origin.
 *
 * Answers: HTML pages; 404 pages for unknown ids; JSON for writes: 201/200 with the stored rows,
 * 400 `{ error }` for a malformed edit, 404 `{ error }`, 409 `{ error, conflict }` when a field
 * changed since the page was loaded (corrections.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../store/db.js';
import { findSops } from '../store/read.js';
import { decodeText } from '../read/decode.js';
import { compareSops, type Comparison } from '../query/compare.js';
import { SopRecordSchema, type SopRecord } from '../record/schema.js';
import { ConflictError, correctRecord, NotFoundError, saveEdit, undoEdit, type Change } from './corrections.js';
import { EditError } from './fields.js';
import { NoPageImage, PageImages, type PageSource } from './pages.js';
import { fileById, filterValues, listFiles, listPage, listRegulations, regulationByKey, STATUSES, type ListQuery, type Status } from './queries.js';
import { compareView, errorPage, filesView, fileView, listView, regulationsView, regulationView, sopView } from './views.js';

export interface AppOptions {
  db: Db;
  /** Folder of the page-image cache (pages.ts). */
  cacheDir: string;
  /** When set, every request must carry it (see above). */
  token?: string | null;
}

const ASSETS = new URL('./assets/', import.meta.url);
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const TOKEN_COOKIE = 'sop_token';
/** Longest reference accepted for a lookup (an id, a Nomor SOP or a file name). */
const MAX_REF = 500;

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const hostName = (host: string | undefined): string => (host ?? '').replace(/:\d+$/, '');

/** The Hono application over an open database. */
export function createApp(options: AppOptions): Hono {
  const { db } = options;
  const pages = new PageImages(options.cacheDir);
  const pageCounts = new Map<string, Promise<number>>();
  const assets = {
    'app.css': readFileSync(new URL('app.css', ASSETS), 'utf8'),
    'app.js': readFileSync(new URL('app.js', ASSETS), 'utf8'),
  };
  const app = new Hono();

  app.use('*', async (c, next) => {
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (!options.token && !LOOPBACK.test(hostName(c.req.header('host')))) {
      return c.html(errorPage(403, 'this server answers requests addressed to localhost only'), 403);
    }
    if (options.token) {
      const url = new URL(c.req.url);
      const given = url.searchParams.get('token');
      if (given !== null && sameToken(given, options.token)) {
        setCookie(c, TOKEN_COOKIE, options.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
      if (!sameToken(getCookie(c, TOKEN_COOKIE), options.token) && !sameToken(bearer, options.token)) {
        return c.html(errorPage(401, 'this server needs its token: open the address sop serve printed (…/?token=…)'), 401);
      }
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin && hostName(new URL(origin).host) !== hostName(c.req.header('host'))) return c.json({ error: 'cross-origin writes are refused' }, 403);
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return c.json({ error: 'send the edit as application/json' }, 415);
    }
    await next();
  });

  app.get('/static/:name', (c) => {
    const name = c.req.param('name');
    if (name !== 'app.css' && name !== 'app.js') return c.notFound();
    c.header('Content-Type', name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(assets[name]);
  });

  /** The filter values and document counts of the list, read again only when another connection (an import) changed the database. */
  let context: { version: number; filters: ReturnType<typeof filterValues>; counts: Record<string, number> } | null = null;
  function listContext(): { filters: ReturnType<typeof filterValues>; counts: Record<string, number> } {
    const version = db.pragma('data_version', { simple: true }) as number;
    if (context?.version !== version) {
      const counts = Object.fromEntries((db.prepare('SELECT status, COUNT(*) AS n FROM documents GROUP BY status').all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
      context = { version, filters: filterValues(db), counts };
    }
    return context;
  }

  app.get('/', (c) => {
    const q = c.req.query();
    const query: ListQuery = {
      q: q.q?.slice(0, MAX_REF) || undefined,
      organization: q.organization || undefined,
      unit: q.unit || undefined,
      status: q.status === 'imported' || q.status === 'partial' ? q.status : undefined,
      sort: q.sort === 'confidence' ? q.sort : undefined,
      page: Number(q.page) || 1,
    };
    const { filters, counts } = listContext();
    return c.html(listView(listPage(db, query), query, filters, counts));
  });

  app.get('/files', (c) => {
    const s = c.req.query('status');
    const status = (STATUSES as readonly string[]).includes(s ?? '') ? (s as Status) : undefined;
    return c.html(filesView(listFiles(db, status, Number(c.req.query('page')) || 1), status));
  });

  /** Page count of a file, or why it has no page image; remembered per file bytes. */
  async function pagesOf(source: PageSource): Promise<{ pages: number | null; note: string | null }> {
    const key = `${source.sha256}:${source.path}`;
    let p = pageCounts.get(key);
    if (!p) {
      p = pages.count(source);
      pageCounts.set(key, p);
      p.catch(() => pageCounts.delete(key));
    }
    try {
      return { pages: await p, note: null };
    } catch (e) {
      if (e instanceof NoPageImage) return { pages: null, note: e.message };
      throw e;
    }
  }

  const documentOf = (id: number): (PageSource & { id: number }) | undefined =>
    db.prepare('SELECT id, path, sha256, format FROM documents WHERE id = ?').get(id) as (PageSource & { id: number }) | undefined;

  app.get('/file/:id', async (c) => {
    const doc = fileById(db, Number(c.req.param('id')));
    if (!doc) return c.html(errorPage(404, `no file with id ${c.req.param('id')}`), 404);
    const { pages: n, note } = await pagesOf(doc);
    return c.html(fileView(doc, n, note));
  });

  app.get('/sop/:id', async (c) => {
    let id = c.req.param('id');
    const json = id.endsWith('.json');
    if (json) id = id.slice(0, -5);
    const row = db
      .prepare('SELECT s.record_json, d.id, d.path, d.status, d.error, d.format, d.sha256 FROM sops s JOIN documents d ON d.id = s.document_id WHERE s.id = ?')
      .get(id) as { record_json: string; id: number; path: string; status: string; error: string | null; format: string | null; sha256: string | null } | undefined;
    if (!row) return json ? c.json({ error: `no SOP with id ${id}` }, 404) : c.html(errorPage(404, `no SOP with id ${id}`), 404);
    const corrected = correctRecord(db, SopRecordSchema.parse(JSON.parse(row.record_json)));
    if (json) return c.json(corrected.record);
    const { pages: n, note } = await pagesOf(row);
    return c.html(sopView(corrected, row, n, note));
  });

  async function body(c: Context): Promise<Record<string, unknown>> {
    try {
      const b = (await c.req.json()) as unknown;
      if (b !== null && typeof b === 'object' && !Array.isArray(b)) return b as Record<string, unknown>;
    } catch {
      // answered below
    }
    throw new EditError('the body must be a JSON object');
  }

  app.post('/sop/:id/edits', async (c) => {
    const b = await body(c);
    const rows = saveEdit(db, c.req.param('id'), b.changes as Change[], b.by);
    return c.json({ corrections: rows }, 201);
  });

  app.post('/sop/:id/undo', async (c) => {
    const b = await body(c);
    if (!Number.isInteger(b.edit)) throw new EditError('undo needs the number of the edit (edit)');
    return c.json({ undone: undoEdit(db, c.req.param('id'), b.edit as number, b.by) });
  });

  app.get('/doc/:id/page/:n', async (c) => {
    const doc = documentOf(Number(c.req.param('id')));
    const n = Number(c.req.param('n'));
    if (!doc || !Number.isInteger(n)) return c.json({ error: 'no such file or page' }, 404);
    const img = await pages.page(doc, n);
    c.header('Content-Type', img.type);
    c.header('Cache-Control', 'private, max-age=86400');
    return c.body(new Uint8Array(img.bytes));
  });

  app.get('/doc/:id/page/:n/meta', async (c) => {
    const doc = documentOf(Number(c.req.param('id')));
    const n = Number(c.req.param('n'));
    if (!doc || !Number.isInteger(n)) return c.json({ error: 'no such file or page' }, 404);
    const { bytes: _bytes, ...meta } = await pages.page(doc, n);
    return c.json(meta);
  });

  app.get('/doc/:id/text', async (c) => {
    const doc = documentOf(Number(c.req.param('id')));
    if (!doc || !['text', 'markdown', 'html'].includes(doc.format ?? '')) return c.html(errorPage(404, 'no text file with this id'), 404);
    let bytes: Buffer;
    try {
      bytes = await readFile(doc.path);
    } catch (e) {
      return c.html(errorPage(404, `the file ${doc.path} cannot be read now (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`), 404);
    }
    // shown as plain text, never as markup, whatever the file holds
    c.header('Content-Type', 'text/plain; charset=utf-8');
    c.header('Content-Security-Policy', "sandbox; default-src 'none'");
    return c.body(decodeText(bytes).text);
  });

  app.get('/legal-bases', (c) => {
    const q = c.req.query('q')?.slice(0, MAX_REF) || undefined;
    return c.html(regulationsView(listRegulations(db, q, Number(c.req.query('page')) || 1), q));
  });

  app.get('/legal-bases/:key', (c) => {
    const found = regulationByKey(db, c.req.param('key'), Number(c.req.query('page')) || 1);
    if (!found) return c.html(errorPage(404, `no regulation ${c.req.param('key')}`), 404);
    return c.html(regulationView(found));
  });

  app.get('/compare', (c) => {
    const refs = { a: c.req.query('a')?.trim() || undefined, b: c.req.query('b')?.trim() || undefined };
    if (!refs.a || !refs.b) return c.html(compareView(refs, null, null, []));
    if (refs.a.length > MAX_REF || refs.b.length > MAX_REF) return c.html(compareView(refs, null, `a reference is at most ${MAX_REF} characters`, []), 400);
    const found = { a: findSops(db, refs.a), b: findSops(db, refs.b) };
    const one = (ref: string, rs: SopRecord[]): SopRecord | null => (rs.length === 1 ? rs[0]! : rs.find((r) => r.id === ref) ?? null);
    const [a, b] = [one(refs.a, found.a), one(refs.b, found.b)];
    const missing = (['a', 'b'] as const).filter((s) => found[s].length === 0);
    if (missing.length) return c.html(compareView(refs, null, missing.map((s) => `no SOP matches "${refs[s]}"`).join('; '), []), 404);
    if (!a || !b) {
      const choices = (['a', 'b'] as const).filter((s) => !(s === 'a' ? a : b)).map((s) => ({ side: s, records: found[s] }));
      return c.html(compareView(refs, null, null, choices));
    }
    const result: Comparison = compareSops(a, b);
    return c.html(compareView(refs, result, null, []));
  });

  app.notFound((c) => c.html(errorPage(404, `nothing at ${new URL(c.req.url).pathname}`), 404));

  app.onError((e, c) => {
    if (e instanceof EditError) return c.json({ error: e.message }, 400);
    if (e instanceof ConflictError) return c.json({ error: e.message, conflict: e.detail }, 409);
    if (e instanceof NotFoundError) return c.json({ error: e.message }, 404);
    if (e instanceof NoPageImage) return c.json({ error: e.message }, 404);
    process.stderr.write(`sop serve: ${c.req.method} ${new URL(c.req.url).pathname}: ${(e as Error).stack ?? e}\n`);
    return c.html(errorPage(500, (e as Error).message), 500);
  });
  return app;
}
