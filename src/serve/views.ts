/**
 * The pages of `sop serve`, rendered on the server as HTML (html.ts escapes every value: text from
 * documents is shown as text, never run). Labels of the SOP form are the form's own (Permenpan RB
 * 35/2012: Nomor SOP, Dasar Hukum, Pelaksana, Mutu Baku …); the application's are English, as the
 * rest of the tool. The client script (assets/app.js) adds selection, page images with
 * provenance boxes, and editing.
 */
import type { Comparison } from '../query/compare.js';
import type { SopRecord } from '../record/schema.js';
import type { CorrectedRecord, CorrectionOutcome } from './corrections.js';
import { flowchart, laneCellWidth } from './flowchart.js';
import { html, jsonScript, raw, type Html } from './html.js';
import { type FileRow, type ListPage, type ListQuery, type RegulationRow } from './queries.js';

const base = (path: string): string => path.split(/[\\/]/).pop() ?? path;
const qs = (params: Record<string, string | number | undefined | null>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

/** The page around a body: navigation, stylesheet, client script. */
export function layout(title: string, body: Html, active: 'list' | 'files' | 'laws' | 'compare' | null = null): Html {
  const nav = (href: string, key: typeof active, label: string): Html => html`<a href="${href}"${key === active ? raw(' aria-current="page"') : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · SOP records</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
<body><header class="top"><a class="brand" href="/">SOP records</a><nav>${nav('/', 'list', 'SOPs')}${nav('/legal-bases', 'laws', 'Legal bases')}${nav('/compare', 'compare', 'Compare')}${nav('/files', 'files', 'Files')}</nav>
<label class="who">Your name <input id="who" autocomplete="name" placeholder="for the record of corrections"></label></header>
<main>${body}</main></body></html>`;
}

/** An error page body (404, 400). */
export function errorPage(status: number, message: string): Html {
  return layout(`${status}`, html`<h1>${status === 404 ? 'Not found' : status === 401 ? 'Token needed' : 'Cannot do that'}</h1><p class="error">${message}</p><p><a href="/">Back to the list</a></p>`);
}

function pager(page: number, pages: number, params: Record<string, string | number | undefined>, path: string): Html {
  if (pages <= 1) return html``;
  const link = (p: number, label: string): Html => (p < 1 || p > pages || p === page ? html`<span>${label}</span>` : html`<a href="${path}${qs({ ...params, page: p })}">${label}</a>`);
  return html`<nav class="pager">${link(1, '« first')}${link(page - 1, '‹ previous')}<span>page ${page} of ${pages}</span>${link(page + 1, 'next ›')}${link(pages, 'last »')}</nav>`;
}

function statusBadge(status: string): Html {
  return html`<span class="status ${status}">${status}</span>`;
}

/** The SOP list: search, filters, one row per SOP, paging. */
export function listView(list: ListPage, query: ListQuery, filters: { organizations: string[]; units: string[]; hasConfidence: boolean }, counts: Record<string, number>): Html {
  const params = { q: query.q, organization: query.organization, unit: query.unit, status: query.status, sort: query.sort };
  const option = (value: string, label: string, current: string | undefined): Html => html`<option value="${value}"${value === (current ?? '') ? raw(' selected') : ''}>${label}</option>`;
  const problems = (counts.failed ?? 0) + (counts.partial ?? 0);
  return layout(
    'SOPs',
    html`<form class="filters" method="get" action="/">
  <input type="search" name="q" value="${query.q ?? ''}" placeholder="Search titles, steps, regulations (pantau finds pemantauan)" aria-label="search">
  <select name="organization" aria-label="organisation">${option('', 'every organisation', query.organization)}${filters.organizations.map((o) => option(o, o, query.organization))}</select>
  <input name="unit" list="units" value="${query.unit ?? ''}" placeholder="unit" aria-label="unit"><datalist id="units">${filters.units.map((u) => html`<option value="${u}">`)}</datalist>
  <select name="status" aria-label="status">${option('', 'imported and partial', query.status)}${option('imported', 'imported', query.status)}${option('partial', 'partial', query.status)}</select>
  ${filters.hasConfidence && !query.q ? html`<select name="sort" aria-label="order">${option('', 'by file', query.sort)}${option('confidence', 'lowest confidence first (SOPs that have one)', query.sort)}</select>` : ''}
  <button>Show</button>
</form>
<p class="count">${list.capped ? 'more than ' : ''}<strong>${list.total}</strong> SOP(s)${query.q ? ' (in import order)' : ''}${problems ? html` · <a href="/files?status=failed">${counts.failed ?? 0} failed</a> and <a href="/files?status=partial">${counts.partial ?? 0} partial</a> file(s) with their reasons` : ''}</p>
<table class="list"><thead><tr><th>Title</th><th>Nomor SOP</th><th>Unit</th><th class="n">Steps</th><th>Status</th>${filters.hasConfidence ? html`<th class="n">Confidence</th>` : ''}</tr></thead><tbody>
${list.rows.map(
  (r) => html`<tr><td><a href="/sop/${encodeURIComponent(r.id)}">${r.title ?? html`<em>no title</em>`}</a><div class="file">${base(r.path)}${r.corrections ? html` · <span class="corrected">${r.corrections} correction(s)</span>` : ''}</div>${r.status === 'partial' && r.reason ? html`<div class="reason">${r.reason}</div>` : ''}</td>
<td>${r.number ?? ''}</td><td>${r.unit ?? ''}</td><td class="n">${r.steps}</td><td>${statusBadge(r.status)}</td>${filters.hasConfidence ? html`<td class="n">${r.confidence === null ? '' : r.confidence.toFixed(2)}</td>` : ''}</tr>`,
)}
</tbody></table>
${list.rows.length === 0 ? html`<p class="empty">No SOP matches.</p>` : ''}
${pager(list.page, list.pages, params, '/')}`,
    'list',
  );
}

/** Failed, partial, skipped and duplicate files with their reasons. */
export function filesView(files: { rows: FileRow[]; total: number; page: number; pages: number; counts: Record<string, number> }, status: string | undefined): Html {
  const tab = (s: string | undefined, label: string): Html =>
    html`<a href="/files${qs({ status: s })}"${s === status ? raw(' aria-current="page"') : ''}>${label} (${s ? (files.counts[s] ?? 0) : Object.values(files.counts).reduce((a, b) => a + b, 0)})</a>`;
  return layout(
    'Files',
    html`<h1>Files</h1><nav class="tabs">${tab(undefined, 'all')}${tab('failed', 'failed')}${tab('partial', 'partial')}${tab('skipped', 'skipped')}${tab('duplicate', 'duplicate')}${tab('imported', 'imported')}</nav>
<table class="list"><thead><tr><th>File</th><th>Status</th><th>Reason</th><th class="n">SOPs</th><th>Imported</th></tr></thead><tbody>
${files.rows.map((f) => html`<tr><td><a href="/file/${f.id}">${f.path}</a></td><td>${statusBadge(f.status)}</td><td>${f.errorCode ? html`<code>${f.errorCode}</code> ` : ''}${f.error ?? ''}</td><td class="n">${f.sops}</td><td>${f.importedAt.slice(0, 16).replace('T', ' ')}</td></tr>`)}
</tbody></table>${files.rows.length === 0 ? html`<p class="empty">No file.</p>` : ''}
${pager(files.page, files.pages, { status }, '/files')}`,
    'files',
  );
}

/** The page-image viewer: page buttons, the image with provenance boxes, or why there is no image. */
function viewer(docId: number, pages: number | null, noPages: string | null, textSource: boolean): Html {
  if (pages === null) {
    return html`<aside class="viewer"><p class="note">${noPages ?? 'no page image'}</p>${textSource ? html`<p><a href="/doc/${docId}/text" target="_blank" rel="noopener">Show the file's text</a></p>` : ''}</aside>`;
  }
  return html`<aside class="viewer" data-doc="${docId}" data-pages="${pages}"><div class="pages">${Array.from({ length: pages }, (_, i) => html`<button type="button" data-page="${i + 1}">${i + 1}</button>`)}</div>
<p class="where"></p><div class="page"><img alt="page image"><div class="boxes"></div></div></aside>`;
}

/** A document's page view (failed and partial files too). */
export function fileView(
  doc: FileRow & { diagnostics: Array<{ level: string; code: string; message: string }>; sopIds: string[] },
  pages: number | null,
  noPages: string | null,
): Html {
  const textual = doc.format === 'text' || doc.format === 'markdown' || doc.format === 'html';
  return layout(
    base(doc.path),
    html`<h1>${base(doc.path)}</h1><p class="meta">${doc.path} · ${statusBadge(doc.status)} · ${doc.format ?? 'unknown format'}</p>
${doc.error ? html`<p class="reason">${doc.errorCode ? html`<code>${doc.errorCode}</code> ` : ''}${doc.error}</p>` : ''}
${doc.diagnostics.length ? html`<ul class="diagnostics">${doc.diagnostics.map((d) => html`<li class="${d.level}"><code>${d.code}</code> ${d.message}</li>`)}</ul>` : ''}
${doc.sopIds.length ? html`<p>SOPs read from this file: ${doc.sopIds.map((id) => html`<a href="/sop/${encodeURIComponent(id)}">${id}</a> `)}</p>` : ''}
<div class="sop-layout"><div></div>${viewer(doc.id, pages, noPages, textual)}</div>`,
    'files',
  );
}

/** Attributes of a selectable, editable field: its path, and its confidence when the record has one (schemaVersion 2). */
function fieldAttrs(r: SopRecord, field: string): Html {
  const c = r.confidence?.fields[field];
  return c === undefined ? html`data-field="${field}"` : html`data-field="${field}" data-confidence="${c.toFixed(2)}"${c < 0.9 ? raw(' data-low') : ''}`;
}

function value(v: string | null | undefined): Html | string {
  return v === null || v === undefined || v === '' ? html`<span class="none">—</span>` : v;
}

function listCell(r: SopRecord, field: 'qualifications' | 'relatedSops' | 'equipment' | 'warnings' | 'recordKeeping'): Html {
  const items = r[field];
  return html`<td class="f list-field" ${fieldAttrs(r, field)}>${items.length ? html`<ol>${items.map((t, i) => html`<li data-item="${field}/${i}">${t}</li>`)}</ol>` : value(null)}</td>`;
}

function identityTable(r: SopRecord): Html {
  const i = r.identity;
  const a = i.approver;
  const f = (field: string, v: string | null): Html => html`<span class="f" ${fieldAttrs(r, field)}>${value(v)}</span>`;
  const row = (label: string, field: string, v: string | null): Html => html`<tr><th>${label}</th><td class="f" ${fieldAttrs(r, field)}>${value(v)}</td></tr>`;
  return html`<table class="identity">
<tr><td class="org" rowspan="6">${f('identity/organization', i.organization)}${f('identity/unit', i.unit)}</td><th>Nomor SOP</th><td class="f" ${fieldAttrs(r, 'identity/number')}>${value(i.number)}</td></tr>
${row('Tanggal Pembuatan', 'identity/createdDate', i.createdDate)}
${row('Tanggal Revisi', 'identity/revisedDate', i.revisedDate)}
${row('Tanggal Efektif', 'identity/effectiveDate', i.effectiveDate)}
<tr><th>Disahkan oleh</th><td class="approver">${f('identity/approver/position', a.position)}${f('identity/approver/name', a.name)}<span class="rank">${f('identity/approver/rank', a.rank)} ${f('identity/approver/grade', a.grade)}</span><span>NIP ${f('identity/approver/nip', a.nip)}</span><span class="approved">tanggal ${f('identity/approvedDate', i.approvedDate)}</span></td></tr>
${row('Nama SOP', 'identity/title', i.title)}
</table>
<table class="sections">
<tr><th>Dasar Hukum</th><th>Kualifikasi Pelaksana</th></tr>
<tr><td class="laws"><ol>${r.legalBases.map((l, k) => html`<li class="f" ${fieldAttrs(r, `legalBases/${k}`)} title="${l.key}">${l.text}</li>`)}</ol><button type="button" class="add-law" title="add a legal basis">+ legal basis</button></td>${listCell(r, 'qualifications')}</tr>
<tr><th>Keterkaitan</th><th>Peralatan / Perlengkapan</th></tr>
<tr>${listCell(r, 'relatedSops')}${listCell(r, 'equipment')}</tr>
<tr><th>Peringatan</th><th>Pencatatan dan Pendataan</th></tr>
<tr>${listCell(r, 'warnings')}${listCell(r, 'recordKeeping')}</tr>
</table>`;
}

function procedureTable(r: SopRecord): Html {
  const labels = r.actors.map((a) => a.label);
  const chart = flowchart(r.steps, labels);
  const n = Math.max(1, labels.length);
  const lane = chart.lanes ? html`<th rowspan="2" class="lane" style="width:${laneCellWidth(chart.lanes)}px"></th>` : '';
  const duration = (s: SopRecord['steps'][number]): Html | string => value(s.duration?.text);
  return html`<table class="procedure">
<thead><tr><th rowspan="2">No</th><th rowspan="2">Kegiatan</th><th colspan="${n}">Pelaksana</th>${lane}<th colspan="3">Mutu Baku</th><th rowspan="2">Keterangan</th></tr>
<tr>${labels.length ? r.actors.map((a) => html`<th class="actor" title="${a.canonical}">${a.label}</th>`) : html`<th class="actor"><span class="none">no actor columns read</span></th>`}<th>Kelengkapan</th><th>Waktu</th><th>Output</th></tr></thead>
<tbody>${r.steps.map(
  (s, i) => html`<tr data-step="${i}"><td class="no"><span class="f" ${fieldAttrs(r, `steps/${i}/number`)}>${s.number ?? html`<span class="none">–</span>`}</span><span class="tools"><button type="button" data-op="insert" data-at="${i}" title="insert a step above">+↑</button><button type="button" data-op="insert" data-at="${i + 1}" title="insert a step below">+↓</button><button type="button" data-op="remove" data-at="${i}" title="remove this step">×</button>${
    i + 1 < r.steps.length ? html`<button type="button" data-op="merge" data-at="${i}" title="merge with the next step">⤓</button>` : ''
  }</span></td>
<td class="f activity" ${fieldAttrs(r, `steps/${i}/activity`)}>${s.activity || html`<span class="none">—</span>`}</td>
<td class="f flow" colspan="${n}" ${fieldAttrs(r, `steps/${i}/actors`)}>${chart.rows[i]!.actors}</td>${chart.lanes ? html`<td class="lane">${chart.rows[i]!.lanes}</td>` : ''}
<td class="f" ${fieldAttrs(r, `steps/${i}/requirements`)}>${value(s.requirements)}</td>
<td class="f" ${fieldAttrs(r, `steps/${i}/duration`)}>${duration(s)}</td>
<td class="f" ${fieldAttrs(r, `steps/${i}/output`)}>${value(s.output)}</td>
<td class="f" ${fieldAttrs(r, `steps/${i}/notes`)}>${value(s.notes)}</td></tr>`,
)}</tbody></table>
${r.steps.length === 0 ? html`<p class="empty">No step was read. <button type="button" data-op="insert" data-at="0">Add a step</button></p>` : ''}
${chart.notes.length ? html`<ul class="notes">${chart.notes.map((t) => html`<li>${t}</li>`)}</ul>` : ''}`;
}

const shortJson = (v: unknown): string => {
  if (v === undefined) return '(gone)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
};

function history(corrections: CorrectionOutcome[]): Html {
  if (corrections.length === 0) return html``;
  const firstOfEdit = new Set<number>();
  const seen = new Set<number>();
  for (const c of corrections) {
    if (!seen.has(c.editId)) firstOfEdit.add(c.id);
    seen.add(c.editId);
  }
  return html`<section class="history"><h2>Corrections</h2><table><thead><tr><th>When</th><th>Who</th><th>Field</th><th>Was</th><th>Now</th><th>State</th><th></th></tr></thead><tbody>
${corrections.map(
  (c) => html`<tr class="${c.state}" data-edit="${c.editId}"><td>${c.at.slice(0, 19).replace('T', ' ')}</td><td>${c.by ?? ''}</td><td><code>${c.field}</code></td><td>${shortJson(c.old)}</td><td>${shortJson(c.new)}</td>
<td>${c.state === 'stale' ? html`<strong>stale</strong>: the file now reads ${shortJson(c.now)}` : c.state === 'undone' ? html`undone ${c.undoneAt?.slice(0, 19).replace('T', ' ') ?? ''}${c.undoneBy ? ` by ${c.undoneBy}` : ''}` : c.state === 'agrees' ? 'the file now reads this value' : 'applied'}</td>
<td>${firstOfEdit.has(c.id) && c.state !== 'undone' ? html`<button type="button" class="undo" data-edit="${c.editId}">Undo</button>` : ''}${
    c.state === 'stale' && c.now !== undefined ? html`<button type="button" class="reapply" data-id="${c.id}">Apply again</button>` : ''
  }</td></tr>`,
)}</tbody></table></section>`;
}

/** One SOP as an SOP AP form, its page images beside it, its corrections and diagnostics. */
export function sopView(
  c: CorrectedRecord,
  doc: { id: number; path: string; status: string; error: string | null; format: string | null },
  pages: number | null,
  noPages: string | null,
): Html {
  const r = c.record;
  const stale = c.corrections.filter((x) => x.state === 'stale').length;
  const textual = doc.format === 'text' || doc.format === 'markdown' || doc.format === 'html';
  const lastId = c.corrections.reduce((m, x) => Math.max(m, x.id), 0);
  return layout(
    r.identity.title ?? r.id,
    html`<div class="sop-head"><h1>${r.identity.title ?? html`<em>no title</em>`}</h1>
<p class="meta"><a href="/file/${doc.id}">${doc.path}</a> · ${statusBadge(doc.status)} · ${r.source.format}, ${r.source.textLayer} text${r.source.ocr ? `, OCR ${r.source.ocr.meanConfidence}` : ''} · <code>${r.id}</code> · <a href="/sop/${encodeURIComponent(r.id)}.json">JSON</a>${
      r.confidence ? html` · confidence ${r.confidence.record.toFixed(2)}` : ''
    }</p>
${doc.status === 'partial' && doc.error ? html`<p class="reason">${doc.error}</p>` : ''}
${stale ? html`<p class="stale-banner">${stale} correction(s) no longer match the file, which changed since they were made: see Corrections below.</p>` : ''}
<form class="compare-with" method="get" action="/compare"><input type="hidden" name="a" value="${r.id}"><input name="b" placeholder="id, Nomor SOP or file" aria-label="compare with"><button>Compare with…</button></form>
<p class="hint">Click a value to see where it was read; double-click (or Enter) to correct it.</p></div>
<div class="sop-layout"><div class="sop-form">${identityTable(r)}${procedureTable(r)}${history(c.corrections)}
${r.diagnostics.length ? html`<section><h2>Diagnostics</h2><ul class="diagnostics">${r.diagnostics.map((d) => html`<li class="${d.level}"><code>${d.code}</code> ${d.message}</li>`)}</ul></section>` : ''}</div>
${viewer(doc.id, pages, noPages, textual)}</div>
<div id="message" role="status" hidden></div>
<script type="application/json" id="record">${jsonScript({ record: r, lastCorrection: lastId, corrections: c.corrections.map((x) => ({ id: x.id, field: x.field, new: x.new, now: x.now })) })}</script>`,
  );
}

/** The legal-basis index, a page at a time. */
export function regulationsView(list: { rows: RegulationRow[]; total: number; page: number; pages: number }, q: string | undefined): Html {
  return layout(
    'Legal bases',
    html`<h1>Legal bases</h1><form class="filters" method="get"><input type="search" name="q" value="${q ?? ''}" placeholder="key or subject (permen:panrb, Pemerintahan Daerah)" aria-label="filter"><button>Filter</button></form>
<p class="count"><strong>${list.total}</strong> regulation(s), most cited first</p>
<table class="list"><thead><tr><th>Regulation</th><th>Type</th><th>Number</th><th class="n">Year</th><th>Subject</th><th class="n">SOPs</th></tr></thead><tbody>
${list.rows.map((l) => html`<tr><td><a href="/legal-bases/${encodeURIComponent(l.key)}"><code>${l.key}</code></a></td><td>${l.type}${l.issuer ? ` · ${l.issuer}` : ''}</td><td>${l.number ?? ''}</td><td class="n">${l.year ?? ''}</td><td>${l.subject ?? ''}</td><td class="n">${l.sops}</td></tr>`)}
</tbody></table>${pager(list.page, list.pages, { q }, '/legal-bases')}`,
    'laws',
  );
}

/** One regulation with the SOPs citing it. */
export function regulationView(data: { law: RegulationRow; sops: Array<{ id: string; title: string | null; path: string; unit: string | null; relation: string; text: string }>; page: number; pages: number }): Html {
  const l = data.law;
  return layout(
    l.key,
    html`<h1><code>${l.key}</code></h1><p class="meta">${l.type}${l.issuer ? ` · ${l.issuer}` : ''} · number ${l.number ?? '—'} · year ${l.year ?? '—'}</p><p>${l.subject ?? ''}</p>
<p class="count"><strong>${l.sops}</strong> SOP(s) rest on it</p>
<table class="list"><thead><tr><th>SOP</th><th>Unit</th><th>Relation</th><th>As written</th></tr></thead><tbody>
${data.sops.map((s) => html`<tr><td><a href="/sop/${encodeURIComponent(s.id)}">${s.title ?? s.id}</a><div class="file">${base(s.path)}</div></td><td>${s.unit ?? ''}</td><td>${s.relation}</td><td>${s.text}</td></tr>`)}
</tbody></table>${pager(data.page, data.pages, {}, `/legal-bases/${encodeURIComponent(l.key)}`)}`,
    'laws',
  );
}

const minutes = (m: number | null): string => {
  if (m === null) return '';
  const d = Math.floor(Math.abs(m) / 480);
  const h = Math.floor((Math.abs(m) % 480) / 60);
  const min = Math.round(Math.abs(m) % 60);
  return `${m < 0 ? '-' : ''}${[d ? `${d} d` : '', h ? `${h} h` : '', min || (!d && !h) ? `${min} min` : ''].filter(Boolean).join(' ')}`;
};

/** The compare form, and two SOPs side by side (src/query/compare.ts), when both are given. */
export function compareView(refs: { a?: string; b?: string }, result: Comparison | null, problem: string | null, choices: Array<{ side: 'a' | 'b'; records: SopRecord[] }>): Html {
  const form = html`<form class="filters" method="get" action="/compare"><input name="a" value="${refs.a ?? ''}" placeholder="SOP A: id, Nomor SOP or file" aria-label="SOP A"><input name="b" value="${refs.b ?? ''}" placeholder="SOP B: id, Nomor SOP or file" aria-label="SOP B"><button>Compare</button></form>`;
  const pick = choices.map(
    (c) => html`<p>${c.side.toUpperCase()} matches ${c.records.length} SOPs; choose one:</p><ul>${c.records.slice(0, 50).map((r) => html`<li><a href="/compare${qs({ ...refs, [c.side]: r.id })}">${r.identity.title ?? r.id}</a> <span class="file">${base(r.source.path)} · ${r.id}</span></li>`)}</ul>`,
  );
  if (!result) return layout('Compare', html`<h1>Compare two SOPs</h1>${form}${problem ? html`<p class="error">${problem}</p>` : ''}${pick}`, 'compare');
  const x = result;
  const side = (s: Comparison['a']): Html => html`<a href="/sop/${encodeURIComponent(s.id)}">${s.title ?? s.id}</a> <span class="file">${base(s.path)}</span>`;
  return layout(
    'Compare',
    html`<h1>Compare two SOPs</h1>${form}
<table class="compare"><thead><tr><th></th><th>A: ${side(x.a)}</th><th>B: ${side(x.b)}</th></tr></thead><tbody>
${x.identity.map((d) => html`<tr class="${d.same ? 'same' : 'differs'}"><th>${d.field.replace(/^identity\./, '')}</th><td>${value(d.a)}</td><td>${value(d.b)}</td></tr>`)}
</tbody></table>
<h2>Legal bases: ${x.legalBases.common.length} in common, ${x.legalBases.onlyA.length} only in A, ${x.legalBases.onlyB.length} only in B</h2>
<table class="compare"><tbody>
${x.legalBases.common.map((l) => html`<tr class="same"><th><code>${l.key}</code></th><td>${l.a}</td><td>${l.b}</td></tr>`)}
${x.legalBases.onlyA.map((l) => html`<tr class="only-a"><th><code>${l.key}</code></th><td>${l.text}</td><td></td></tr>`)}
${x.legalBases.onlyB.map((l) => html`<tr class="only-b"><th><code>${l.key}</code></th><td></td><td>${l.text}</td></tr>`)}
</tbody></table>
<h2>Actors: ${x.actors.common.length} roles in common, ${x.actors.onlyA.length} only in A, ${x.actors.onlyB.length} only in B</h2>
<table class="compare"><tbody>
${x.actors.common.map((a) => html`<tr class="same"><th>${a.role}</th><td>${a.a.join(', ')}</td><td>${a.b.join(', ')}</td></tr>`)}
${x.actors.onlyA.map((a) => html`<tr class="only-a"><th>${a.role}</th><td>${a.labels.join(', ')}</td><td></td></tr>`)}
${x.actors.onlyB.map((a) => html`<tr class="only-b"><th>${a.role}</th><td></td><td>${a.labels.join(', ')}</td></tr>`)}
</tbody></table>
<h2>Steps: ${x.summary.same} same, ${x.summary.similar} similar, ${x.summary.changed} changed, ${x.summary['only-a']} only in A, ${x.summary['only-b']} only in B</h2>
<table class="compare steps"><thead><tr><th>A</th><th>Activity in A</th><th>B</th><th>Activity in B</th><th>Similarity</th><th>Time A</th><th>Time B</th><th>Δ</th></tr></thead><tbody>
${x.steps.map((s) => html`<tr class="${s.status}"><td>${s.a?.number ?? ''}</td><td>${s.a?.activity ?? ''}</td><td>${s.b?.number ?? ''}</td><td>${s.b?.activity ?? ''}</td><td>${s.similarity ?? s.status}</td><td>${minutes(s.a?.minutes ?? null)}</td><td>${minutes(s.b?.minutes ?? null)}</td><td>${minutes(s.minutesDelta)}</td></tr>`)}
</tbody></table>
<p>Total working time: A ${minutes(x.durations.totalA)}, B ${minutes(x.durations.totalB)} (Δ ${minutes(x.durations.delta)}); steps without a known time: A ${x.durations.unknownA}, B ${x.durations.unknownB}.</p>`,
    'compare',
  );
}

