/**
 * HTML as SOPs come in it: fragments inside text dumps (`<ol style="list-style-type: none"><li>…`,
 * `<b>`, `<p style="text-align: center;">`, seen in seeds 000 and 003), and whole pages or Word
 * exports whose tables are `<table><tr><td>` (DOCX through mammoth converges here too).
 *
 * Nothing in the input is executed: `<script>`, `<style>`, `<head>` and comments are dropped with
 * their content, and every other tag is reduced to the line breaks and emphasis it implies.
 */
import type { LayoutCell, LayoutRow } from './layout.js';

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  hellip: '…', laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•',
  middot: '·', plusmn: '±', frac12: '½', frac14: '¼', frac34: '¾', deg: '°', times: '×',
};

/** Decodes named (common ones) and numeric character references; unknown names are kept as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (m, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    const key = name.toLowerCase();
    return Object.hasOwn(ENTITIES, key) ? ENTITIES[key]! : m;
  });
}

const DROP_WITH_CONTENT = /<(script|style|head|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;
const BREAK_TAGS = new Set(['br', 'p', 'div', 'li', 'ol', 'ul', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'blockquote', 'dl', 'dt', 'dd', 'hr']);
const EMPHASIS_TAGS = new Set(['b', 'strong', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th']);

/** True when the text carries HTML markup that the readers interpret. */
export function hasHtmlMarkup(text: string): boolean {
  return /<\/?(ol|ul|li|p|b|br|strong|table|tr|td|th|div|span|em|i|u|h[1-6]|html|body)\b[^>]*>/i.test(text);
}

/** True when the text holds at least one `<table>` whose rows should become layout rows. */
export function hasHtmlTable(text: string): boolean {
  return /<table\b/i.test(text) && /<t[dh]\b/i.test(text);
}

export interface InlineText {
  /** Plain text; block tags and `<li>` become line breaks; blank lines and edge spaces removed. */
  text: string;
  /** Whether any part of it was bold or a heading. */
  emphasis: boolean;
}

/**
 * Reduces an HTML fragment (one cell's worth) to plain text: `<li>`, `<p>`, `<br>` and list
 * containers become line breaks, entities are decoded, other tags vanish.
 */
export function htmlInlineToText(fragment: string): InlineText {
  // plain text (most cells of a text export): no tag and no entity to read
  if (!fragment.includes('<') && !fragment.includes('&')) return { text: tidyLines(fragment), emphasis: false };
  let emphasis = false;
  const out = fragment.replace(DROP_WITH_CONTENT, ' ').replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi, (_m, tag: string) => {
    const t = tag.toLowerCase();
    if (EMPHASIS_TAGS.has(t)) emphasis = true;
    return BREAK_TAGS.has(t) ? '\n' : ' ';
  });
  return { text: tidyLines(decodeEntities(out)), emphasis };
}

/** Collapses spaces inside each line, trims lines and drops empty ones. */
export function tidyLines(s: string): string {
  if (!s.includes('\n')) return s.replace(/[\s\u00a0]+/g, ' ').trim();
  return s
    .split('\n')
    .map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/**
 * Turns an HTML document into layout rows: each `<tr>` is a row whose `<td>`/`<th>` become cells
 * with grid columns (colspan and rowspan honoured), and each block of text outside tables is a row
 * of one cell. Row `y` is the row's index; cell `x` is its grid column.
 */
export function htmlToRows(html: string): LayoutRow[] {
  const src = html.replace(DROP_WITH_CONTENT, ' ');
  const rows: LayoutRow[] = [];
  const tagRe = /<\/?([a-z][a-z0-9]*)\b([^>]*)>/gi;
  let text = '';
  let emphasisDepth = 0;
  let textEmphasis = false;
  // table state (a stack for nested tables: inner tables are flattened into the enclosing cell)
  let tableDepth = 0;
  /** Lists open outside tables, innermost last, with the items counted so far. */
  const lists: Array<{ numbered: boolean; count: number }> = [];
  let current: { cells: LayoutCell[]; col: number } | null = null;
  let cell: { col: number; span: number; rowspan: number; text: string; emphasis: boolean } | null = null;
  /** Grid columns still covered by a rowspan from rows above: col → rows left. */
  let carried = new Map<number, number>();

  const flushText = (): void => {
    const t = tidyLines(decodeEntities(text));
    if (t && tableDepth === 0) {
      for (const line of t.split('\n')) rows.push({ y: rows.length, cells: [{ text: line, x: 0, width: line.length, col: 0, emphasis: textEmphasis }] });
    }
    text = '';
    textEmphasis = false;
  };
  const nextFreeCol = (from: number): number => {
    let c = from;
    while ((carried.get(c) ?? 0) > 0) c++;
    return c;
  };
  const closeCell = (): void => {
    if (!cell || !current) return;
    const t = tidyLines(decodeEntities(cell.text));
    if (t) current.cells.push({ text: t, x: cell.col, width: cell.span, col: cell.col, span: cell.span, emphasis: cell.emphasis });
    if (cell.rowspan > 1) for (let k = 0; k < cell.span; k++) carried.set(cell.col + k, cell.rowspan);
    cell = null;
  };
  const closeRow = (): void => {
    closeCell();
    if (!current) return;
    // rows spanned from above lose one row of coverage, except those opened in this very row
    const next = new Map<number, number>();
    for (const [c, left] of carried) if (left - 1 > 0) next.set(c, left - 1);
    for (const c of current.cells) if (c.col !== undefined) {
      const left = carried.get(c.col);
      if (left !== undefined && left > 1) next.set(c.col, left - 1);
    }
    carried = next;
    rows.push({ y: rows.length, cells: current.cells });
    current = null;
  };

  let last = 0;
  for (let m = tagRe.exec(src); m; m = tagRe.exec(src)) {
    const chunk = src.slice(last, m.index);
    last = tagRe.lastIndex;
    if (cell) cell.text += chunk;
    else if (tableDepth === 0) text += chunk;
    const closing = m[0][1] === '/';
    const tag = (m[1] ?? '').toLowerCase();
    const attrs = m[2] ?? '';
    if (EMPHASIS_TAGS.has(tag)) {
      emphasisDepth = Math.max(0, emphasisDepth + (closing ? -1 : 1));
      if (!closing) {
        if (cell) cell.emphasis = true;
        else textEmphasis = true;
      }
    }
    if (tag === 'table') {
      if (!closing) {
        if (tableDepth === 0) flushText();
        tableDepth++;
        if (tableDepth > 1 && cell) cell.text += '\n';
      } else {
        if (tableDepth === 1) closeRow();
        tableDepth = Math.max(0, tableDepth - 1);
      }
      continue;
    }
    if (tableDepth > 1) {
      if (cell && BREAK_TAGS.has(tag)) cell.text += '\n';
      else if (cell && (tag === 'td' || tag === 'th')) cell.text += ' ';
      continue;
    }
    if (tableDepth === 1) {
      if (tag === 'tr') {
        closeRow();
        if (!closing) current = { cells: [], col: 0 };
      } else if (tag === 'td' || tag === 'th') {
        closeCell();
        if (!closing) {
          if (!current) current = { cells: [], col: 0 };
          const span = Math.max(1, Math.min(64, parseInt(/colspan\s*=\s*["']?(\d+)/i.exec(attrs)?.[1] ?? '1', 10) || 1));
          const rowspan = Math.max(1, Math.min(1000, parseInt(/rowspan\s*=\s*["']?(\d+)/i.exec(attrs)?.[1] ?? '1', 10) || 1));
          const col = nextFreeCol(current.col);
          current.col = col + span;
          cell = { col, span, rowspan, text: '', emphasis: emphasisDepth > 0 || tag === 'th' };
        }
      } else if (cell && BREAK_TAGS.has(tag)) {
        cell.text += '\n';
      } else if (cell) {
        cell.text += ' ';
      }
      continue;
    }
    if (BREAK_TAGS.has(tag)) flushText();
    else text += ' ';
    // a numbered list outside tables keeps its numbers (Word's automatic numbering, which mammoth
    // gives as <ol><li>: a narrative Prosedur's steps, ITS's SOP in ../shared/wild); items of a list
    // inside it get letters, deeper ones a dash; a list shown without numbers gets none
    if (tag === 'ol' || tag === 'ul') {
      if (closing) lists.pop();
      else lists.push({ numbered: tag === 'ol' && !/list-style-type\s*:\s*none/i.test(attrs), count: 0 });
    } else if (tag === 'li' && !closing && lists.length) {
      const list = lists[lists.length - 1]!;
      list.count++;
      if (list.numbered) text = lists.length === 1 ? `${list.count}. ` : lists.length === 2 ? `${String.fromCharCode(96 + Math.min(26, list.count))}. ` : '- ';
    }
  }
  const tail = src.slice(last);
  if (cell) cell.text += tail;
  else text += tail;
  closeRow();
  flushText();
  return rows;
}
