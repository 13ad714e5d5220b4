/**
 * The text reader: plain text, markdown and HTML-fragment dumps of SOPs (the seeds), and
 * `pdftotext -layout` dumps whose columns are aligned by spaces (dev-docs 01–03).
 *
 * - A line holding a tab is a table row whose cells are its tab-separated fields; the field index
 *   is the cell's grid column (`col`). In a document with tabs, a line without one is a single cell
 *   in column 0.
 * - In a document without tabs, cells are runs of text separated by two or more spaces; their `x`
 *   is the character column where they start. The segmenter finds the table's columns from them.
 * - Inline HTML (`<ol><li>`, `<b>`, `<p>`) becomes line breaks inside a cell; markdown `**bold**`
 *   and `#` headings become `emphasis`. A document with real `<table>` markup is read by rows.
 * - Pages are separated by form feeds (`\f`, as pdftotext writes them).
 */
import { hasHtmlMarkup, hasHtmlTable, htmlInlineToText, htmlToRows } from './html.js';
import type { LayoutCell, LayoutDocument, LayoutPage, LayoutRow, SourceFormat } from './layout.js';

/** Classifies a text source by its markup (SOP-RECORD.md `source.format`). */
export function detectTextFormat(text: string): SourceFormat {
  if (hasHtmlMarkup(text)) return 'html';
  if (/\*\*\S|^#{1,6}\s/m.test(text)) return 'markdown';
  return 'text';
}

/**
 * Reads decoded text into the layout model. Never throws: an unusual text gives unusual rows, and
 * it is the segmenter that decides whether they hold an SOP.
 */
export function readText(text: string): LayoutDocument {
  const format = detectTextFormat(text);
  if (format === 'html' && hasHtmlTable(text)) {
    const rows = htmlToRows(text);
    return {
      format, textLayer: 'native', ocr: null, diagnostics: [],
      pages: [{ number: 1, unit: 'char', width: Math.max(1, ...rows.map((r) => r.cells.length)), rows }],
    };
  }
  const gridded = text.includes('\t');
  const pages: LayoutPage[] = text.split('\f').map((pageText, i) => {
    const lines = pageText.split('\n');
    const rows: LayoutRow[] = [];
    let boldOpen = false;
    for (const raw of lines) {
      const md = stripMarkdown(raw, boldOpen);
      boldOpen = md.boldOpen;
      const cells = gridded ? tabCells(md.line, md.emphasis) : spacedCells(md.line, md.emphasis, format === 'html');
      rows.push({ y: rows.length, cells });
    }
    return { number: i + 1, unit: 'char' as const, width: Math.max(0, ...lines.map((l) => l.length)), rows };
  });
  // a trailing form feed leaves an empty last page
  while (pages.length > 1 && pages[pages.length - 1]!.rows.every((r) => r.cells.length === 0)) pages.pop();
  return { format, textLayer: 'native', ocr: null, diagnostics: [], pages };
}

interface MarkdownLine {
  line: string;
  emphasis: boolean;
  boldOpen: boolean;
}

/** Removes `**` and heading `#`s; bold may open on one line and close on a later one (seed 001). */
function stripMarkdown(line: string, boldOpen: boolean): MarkdownLine {
  let emphasis = boldOpen;
  let open = boldOpen;
  let out = line;
  const heading = /^\s*#{1,6}\s+/.exec(out);
  if (heading) {
    out = out.slice(heading[0].length);
    emphasis = true;
  }
  if (out.includes('**')) {
    const parts = out.split('**');
    emphasis = emphasis || parts.length > 1;
    open = (parts.length - 1) % 2 === 1 ? !open : open;
    out = parts.join('');
  }
  return { line: out, emphasis, boldOpen: open };
}

function tabCells(line: string, emphasis: boolean): LayoutCell[] {
  const cells: LayoutCell[] = [];
  let x = 0;
  line.split('\t').forEach((field, col) => {
    const inline = htmlInlineToText(field);
    if (inline.text) cells.push({ text: inline.text, x, width: field.length, col, emphasis: emphasis || inline.emphasis });
    x += field.length + 1;
  });
  return cells;
}

/** Splits a space-aligned line at runs of two or more spaces, keeping each run's start column. */
function spacedCells(line: string, emphasis: boolean, html: boolean): LayoutCell[] {
  if (html) {
    const inline = htmlInlineToText(line);
    if (!inline.text) return [];
    const x = line.length - line.trimStart().length;
    return [{ text: inline.text, x, width: line.trim().length, emphasis: emphasis || inline.emphasis }];
  }
  const cells: LayoutCell[] = [];
  // cells are the runs between two spaces or more (or any other blank): found by their separators,
  // so a line of millions of single-spaced words is one cell, not a regex repetition that overflows the stack
  const separator = /[^\S ]| {2,}/g;
  let from = 0;
  const push = (to: number): void => {
    const raw = line.slice(from, to);
    const text = raw.trim();
    if (text) cells.push({ text, x: from + (raw.length - raw.trimStart().length), width: text.length, ...(emphasis ? { emphasis } : {}) });
  };
  for (let m = separator.exec(line); m; m = separator.exec(line)) {
    push(m.index);
    from = m.index + m[0].length;
  }
  push(line.length);
  return cells;
}
