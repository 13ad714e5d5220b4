// The client side of `sop serve` (src/serve/app.ts): selecting a field shows the region of the
// page image it was read from (the record's `provenance`); double-click or Enter corrects it (POST
// /sop/:id/edits, JSON); undo; conflicts shown with both values. Text from documents is only ever
// put in the page as text (textContent, input values), never as markup.
'use strict';

const who = document.getElementById('who');
if (who) {
  who.value = localStorage.getItem('sop.who') || '';
  who.addEventListener('change', () => localStorage.setItem('sop.who', who.value.trim()));
}

const dataBlock = document.getElementById('record');
if (dataBlock) sopPage(JSON.parse(dataBlock.textContent));
else if (document.querySelector('.viewer[data-doc]')) viewer(null);

/** The value at a field path (JSON Pointer without the leading slash). */
function valueAt(obj, field) {
  return field.split('/').reduce((v, k) => (v == null ? undefined : v[k]), obj);
}

/** The page viewer: page buttons, the image, and boxes for the regions given. */
function viewer(onReady) {
  const aside = document.querySelector('.viewer[data-doc]');
  if (!aside) return null;
  const doc = aside.dataset.doc;
  const img = aside.querySelector('img');
  const boxes = aside.querySelector('.boxes');
  const where = aside.querySelector('.where');
  const buttons = [...aside.querySelectorAll('button[data-page]')];
  let current = 0;
  let meta = null;
  let regions = [];

  function draw() {
    boxes.replaceChildren();
    if (!meta) return;
    for (const r of regions.filter((x) => x.page === current)) {
      const frame = r.unit === 'pt' ? meta.pt : meta.px;
      if (!frame) continue;
      const [x0, y0, x1, y1] = r.box;
      const div = document.createElement('div');
      div.className = 'box';
      div.style.left = `${(100 * x0) / frame[0]}%`;
      div.style.top = `${(100 * y0) / frame[1]}%`;
      div.style.width = `${(100 * (x1 - x0)) / frame[0]}%`;
      div.style.height = `${(100 * (y1 - y0)) / frame[1]}%`;
      boxes.append(div);
    }
    const first = boxes.querySelector('.box');
    if (first) first.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  async function show(n) {
    if (n === current) return draw();
    current = n;
    meta = null;
    buttons.forEach((b) => b.classList.toggle('on', Number(b.dataset.page) === n));
    boxes.replaceChildren();
    const res = await fetch(`/doc/${doc}/page/${n}/meta`);
    if (!res.ok) {
      img.removeAttribute('src');
      where.textContent = (await res.json()).error;
      return;
    }
    meta = await res.json();
    await new Promise((resolve) => {
      img.onload = resolve;
      img.onerror = resolve;
      img.src = `/doc/${doc}/page/${n}`;
    });
    draw();
  }

  buttons.forEach((b) => b.addEventListener('click', () => show(Number(b.dataset.page))));
  const api = {
    /** Outlines `list` (provenance regions) and turns to the page of the first; `label` says what they are. */
    async outline(list, label) {
      regions = list || [];
      if (regions.length === 0) {
        where.textContent = label ? `${label}: no position recorded` : '';
        draw();
        return;
      }
      const pagesOf = [...new Set(regions.map((r) => r.page))];
      where.textContent = `${label}: page ${pagesOf.join(', ')}`;
      await show(regions[0].page);
    },
  };
  show(1).then(() => onReady && onReady(api));
  return api;
}

function sopPage(data) {
  const record = data.record;
  const id = record.id;
  const message = document.getElementById('message');
  let view = null;
  let selected = null;
  let editor = null;

  function say(text, kind) {
    message.textContent = text;
    message.className = kind || '';
    message.hidden = !text;
  }

  /** The regions of a field, or of the nearest enclosing field that has some. */
  function regionsOf(field) {
    const prov = record.provenance || {};
    for (let f = field; f; f = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '') {
      if (prov[f]) return prov[f];
    }
    return [];
  }

  function select(el, item) {
    if (selected) selected.classList.remove('selected');
    document.querySelectorAll('li.selected').forEach((li) => li.classList.remove('selected'));
    selected = el;
    el.classList.add('selected');
    if (item) item.classList.add('selected');
    const field = (item && item.dataset.item) || el.dataset.field;
    sessionStorage.setItem(`sop.selected.${id}`, el.dataset.field);
    if (view) view.outline(regionsOf(field), field);
  }

  document.addEventListener('click', (e) => {
    if (editor && editor.contains(e.target)) return;
    const el = e.target.closest('[data-field]');
    if (el) select(el, e.target.closest('li[data-item]'));
  });
  document.addEventListener('dblclick', (e) => {
    const el = e.target.closest('[data-field]');
    if (el && !(editor && editor.contains(e.target))) {
      select(el, null);
      edit(el);
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && selected && !editor && document.activeElement === document.body) {
      e.preventDefault();
      edit(selected);
    }
    if (e.key === 'Escape' && editor) closeEditor();
  });

  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  /** Sends an edit; on success reloads the page with the field still selected. */
  async function send(changes, onConflict) {
    const by = (who && who.value.trim()) || null;
    const res = await post(`/sop/${encodeURIComponent(id)}/edits`, { changes, by });
    if (res.status === 201) {
      location.reload();
      return;
    }
    if (res.status === 409 && onConflict) onConflict(res.body);
    else say(res.body.error, 'error');
  }

  function closeEditor() {
    if (editor) editor.remove();
    editor = null;
  }

  function text(v) {
    if (v == null) return '';
    return typeof v === 'string' ? v : JSON.stringify(v);
  }

  /** The form control for a field and the value it sends. */
  function controlFor(field, value) {
    const list = /^(qualifications|relatedSops|equipment|warnings|recordKeeping)$/.test(field);
    const long = list || /^steps\/\d+\/(activity|requirements|output|notes)$/.test(field);
    const input = document.createElement(long ? 'textarea' : 'input');
    if (long) input.rows = list ? Math.max(3, value.length + 1) : 3;
    if (list) input.value = value.join('\n');
    else if (/^legalBases\/\d+$/.test(field)) input.value = value.text;
    else if (/\/duration$/.test(field)) input.value = value ? value.text : '';
    else input.value = text(value);
    input.name = 'value';
    return { element: input, read: () => input.value };
  }

  /** The actors, symbol and branches of a step, as checkboxes and selects. */
  function stepFlowControls(i) {
    const step = record.steps[i];
    const box = document.createElement('div');
    const actors = record.actors.map((a) => {
      const label = document.createElement('label');
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.value = a.label;
      cb.checked = step.actors.includes(a.label);
      label.append(cb, ` ${a.label}`);
      box.append(label);
      return cb;
    });
    const kind = document.createElement('select');
    for (const k of ['', 'terminator', 'process', 'decision']) kind.append(new Option(k || '(not read)', k, false, (step.kind || '') === k));
    const yes = Object.assign(document.createElement('input'), { value: text(step.next && step.next.yes), size: 3 });
    const no = Object.assign(document.createElement('input'), { value: text(step.next && step.next.no), size: 3 });
    const row = document.createElement('p');
    row.append('Symbol ', kind, ' · decision: Ya → step ', yes, ' Tidak → step ', no);
    box.append(row);
    return {
      element: box,
      changes() {
        const out = [];
        const chosen = actors.filter((c) => c.checked).map((c) => c.value);
        if (JSON.stringify(chosen) !== JSON.stringify(step.actors)) out.push({ op: 'set', field: `steps/${i}/actors`, old: step.actors, value: chosen });
        if ((step.kind || '') !== kind.value) out.push({ op: 'set', field: `steps/${i}/kind`, old: step.kind, value: kind.value || null });
        const next = yes.value.trim() || no.value.trim() ? { yes: yes.value.trim() || null, no: no.value.trim() || null } : null;
        const same = JSON.stringify(next && { yes: next.yes && Number(next.yes), no: next.no && Number(next.no) }) === JSON.stringify(step.next);
        if (!same) out.push({ op: 'set', field: `steps/${i}/next`, old: step.next, value: next });
        return out;
      },
    };
  }

  function openEditor(anchor, title, content, onSave) {
    closeEditor();
    editor = document.createElement('form');
    editor.className = 'editor';
    const h = document.createElement('p');
    h.className = 'field';
    h.textContent = title;
    const note = document.createElement('div');
    note.className = 'conflict';
    const save = Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Save' });
    const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Cancel' });
    cancel.addEventListener('click', closeEditor);
    editor.append(h, content, note, save, cancel);
    editor.addEventListener('submit', (e) => {
      e.preventDefault();
      onSave(note);
    });
    document.body.append(editor);
    const r = anchor.getBoundingClientRect();
    editor.style.left = `${Math.max(8, r.left + scrollX)}px`;
    editor.style.top = `${r.bottom + scrollY + 4}px`;
    const first = editor.querySelector('input, textarea, select');
    if (first) first.focus();
  }

  /** Shows a conflict: what the field holds now (and who changed it), with the choice to replace it or keep it. */
  function showConflict(note, body, retry) {
    const c = body.conflict;
    note.replaceChildren();
    const p = document.createElement('p');
    p.textContent = `${body.error}. It now reads: ${text(c.current)}`;
    const mine = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Replace it with mine' });
    const theirs = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Keep theirs' });
    mine.addEventListener('click', () => retry(c.current));
    theirs.addEventListener('click', () => location.reload());
    note.append(p, mine, theirs);
  }

  function edit(el) {
    const field = el.dataset.field;
    const flow = /^steps\/(\d+)\/actors$/.exec(field);
    if (flow) {
      const controls = stepFlowControls(Number(flow[1]));
      openEditor(el, `step ${Number(flow[1]) + 1}: actors, symbol, branches`, controls.element, (note) => {
        const changes = controls.changes();
        if (changes.length === 0) return closeEditor();
        send(changes, (body) => showConflict(note, body, () => location.reload()));
      });
      return;
    }
    const old = valueAt(record, field);
    const control = controlFor(field, old);
    openEditor(el, field, control.element, (note) => {
      const value = control.read();
      const sendWith = (seen) => send([{ op: 'set', field, old: seen, value }], (body) => showConflict(note, body, (current) => sendWith(current)));
      sendWith(old);
    });
  }

  // step tools: insert, remove, merge
  document.querySelectorAll('button[data-op]').forEach((b) =>
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      const at = Number(b.dataset.at);
      const op = b.dataset.op;
      if (op === 'insert') send([{ op, field: `steps/${at}` }]);
      if (op === 'remove' && confirm(`Remove step ${at + 1}?`)) send([{ op, field: `steps/${at}`, old: record.steps[at] }]);
      if (op === 'merge' && confirm(`Merge step ${at + 1} with the next one?`)) send([{ op, field: `steps/${at}`, old: [record.steps[at], record.steps[at + 1]] }]);
    }),
  );
  const addLaw = document.querySelector('.add-law');
  if (addLaw) {
    addLaw.addEventListener('click', () => {
      const input = document.createElement('input');
      input.placeholder = 'Peraturan … Nomor … Tahun … tentang …';
      openEditor(addLaw, 'new legal basis', input, () => send([{ op: 'insert', field: `legalBases/${record.legalBases.length}`, value: input.value }]));
    });
  }
  document.querySelectorAll('li[data-field^="legalBases/"]').forEach((li) => {
    const x = Object.assign(document.createElement('button'), { type: 'button', textContent: '×', title: 'remove this legal basis', className: 'remove-law' });
    x.addEventListener('click', (e) => {
      e.stopPropagation();
      const field = li.dataset.field;
      if (confirm('Remove this legal basis?')) send([{ op: 'remove', field, old: valueAt(record, field) }]);
    });
    li.append(x);
  });

  document.querySelectorAll('button.undo').forEach((b) =>
    b.addEventListener('click', async () => {
      const res = await post(`/sop/${encodeURIComponent(id)}/undo`, { edit: Number(b.dataset.edit), by: (who && who.value.trim()) || null });
      if (res.status === 200) location.reload();
      else say(res.body.error, 'error');
    }),
  );
  document.querySelectorAll('button.reapply').forEach((b) =>
    b.addEventListener('click', () => {
      const c = data.corrections.find((x) => x.id === Number(b.dataset.id));
      send([{ op: 'set', field: c.field, old: c.now, value: c.new }]);
    }),
  );

  view = viewer((api) => {
    const again = sessionStorage.getItem(`sop.selected.${id}`);
    const el = again && document.querySelector(`[data-field="${CSS.escape(again)}"]`);
    if (el) select(el, null);
    return api;
  });
  const again = sessionStorage.getItem(`sop.selected.${id}`);
  const el = !view && again && document.querySelector(`[data-field="${CSS.escape(again)}"]`);
  if (el) select(el, null);
}
