/**
 * Flowchart symbols drawn with Word shapes in the actor columns of a DOCX procedure table. Word
 * SOP AP templates draw the Permenpan RB 35/2012 symbols (capsule, rectangle, diamond) as shapes
 * anchored in the cell they sit in: DrawingML (`wps:wsp` with `a:prstGeom prst="flowChartProcess"`,
 * Word 2010 and later, wrapped in `mc:AlternateContent` with a VML fallback) or VML alone
 * (`v:shape type="#_x0000_t109"`, `v:rect`, older files). mammoth drops shapes that hold no text,
 * so before mammoth reads the document each symbol gets, just before it in its paragraph, the glyph
 * the text readers already take for a mark (□ ◇ ⬭): the cell then says which actor does the step
 * and what kind of step it is (normalise/actors.ts kindOfMark). This applies to every shape in the
 * document; outside the procedure table a glyph is only a character.
 *
 * Not taken for symbols: connectors and lines, text boxes (`txBox`, VML type 202) and shapes drawn
 * without an outline, shapes whose only text is Ya / Tidak (a decision's labels), pictures, and
 * groups or drawing canvases (a whole flowchart in one object is anchored in one cell; where each
 * symbol sits is not known).
 */
import type { ShapeKind } from './geometry.js';
import { DECISION_ANSWER, SYMBOL_GLYPH } from '../vocabulary/index.js';

/** DrawingML preset geometries of the SOP AP symbols (DOCX and XLSX drawings alike). */
export const PRESETS: Record<string, ShapeKind> = {
  flowChartProcess: 'process', rect: 'process', flowChartAlternateProcess: 'process', flowChartPredefinedProcess: 'process',
  flowChartDecision: 'decision', diamond: 'decision',
  flowChartTerminator: 'terminator', roundRect: 'terminator', ellipse: 'terminator',
};

/**
 * VML shape types (`#_x0000_tNNN`) of the same symbols: the MSOSPT numbers of [MS-ODRAW] 2.4.24,
 * which XLS drawings (OfficeArtFSP) use too.
 */
export const VML_TYPES: Record<string, ShapeKind> = { '109': 'process', '1': 'process', '176': 'process', '110': 'decision', '4': 'decision', '116': 'terminator', '2': 'terminator', '3': 'terminator' };
const VML_ELEMENTS: Record<string, ShapeKind> = { rect: 'process', roundrect: 'terminator', oval: 'terminator' };


/** The symbol a drawing object shows, or null when it is none (connector, text box, label, group). */
export function symbolOf(xml: string): ShapeKind | null {
  if (/<(?:wpg:wgp|wpc:wpc|v:group)\b/.test(xml)) return null;
  // DrawingML (what Word shows) when there is any, the VML fallback otherwise; text read from one of them
  const choice = elementAt(xml, 'mc:Choice', 0);
  const shown = choice ? xml.slice(choice.start, choice.end) : xml;
  // a text box is no symbol, whatever its outline (Insert > Text Box: `txBox="1"`, VML type 202)
  if (/<wps:cNvSpPr\b[^>]*\btxBox="(?:1|true)"/.test(shown) || /\btype="#_x0000_t202"/.test(shown)) return null;
  const text = [...shown.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').trim();
  if (DECISION_ANSWER.test(text)) return null;
  // a shape (wps:wsp), not a picture: a logo's frame is a `rect` too
  const preset = /<wps:wsp\b/.test(shown) ? /<a:prstGeom\s+prst="([A-Za-z0-9]+)"/.exec(shown) : null;
  if (preset) {
    if (/<a:ln\b[^>]*>\s*<a:noFill\s*\/>/.test(shown)) return null; // drawn without an outline
    return PRESETS[preset[1]!] ?? null;
  }
  if (/\bstroked="(?:f|false)"/.test(shown)) return null;
  const type = /<v:shape\b[^>]*\btype="#_x0000_t(\d+)"/.exec(shown);
  if (type) return VML_TYPES[type[1]!] ?? null;
  const element = /<v:(rect|roundrect|oval)\b/.exec(shown);
  return element ? VML_ELEMENTS[element[1]!]! : null;
}

/**
 * The element `name` starting at or after `from` with its matching end tag (nesting counted), or
 * null when there is none. Self-closing tags are skipped. Linear in the text: each tag is looked
 * at once, and the search stops as soon as no end tag is left.
 */
function elementAt(xml: string, name: string, from: number): { start: number; end: number } | null {
  const open = `<${name}`;
  const close = `</${name}>`;
  for (let at = xml.indexOf(open, from); at >= 0; at = xml.indexOf(open, at + 1)) {
    const after = xml.charCodeAt(at + open.length);
    // `<w:pict>` or `<w:pict …>`, not `<w:pictX`
    if (after !== 62 && after !== 32 && after !== 10 && after !== 13 && after !== 9 && after !== 47) continue;
    const tagEnd = xml.indexOf('>', at);
    if (tagEnd < 0) return null;
    if (xml[tagEnd - 1] === '/') continue; // `<w:pict/>`
    let depth = 1;
    let pos = tagEnd + 1;
    while (depth > 0) {
      const nextClose = xml.indexOf(close, pos);
      if (nextClose < 0) return null; // nothing later can close either
      let nextOpen = xml.indexOf(open, pos);
      while (nextOpen >= 0 && nextOpen < nextClose) {
        const c = xml.charCodeAt(nextOpen + open.length);
        const e = xml.indexOf('>', nextOpen);
        if ((c === 62 || c === 32 || c === 10 || c === 13 || c === 9) && e > 0 && xml[e - 1] !== '/') depth++;
        nextOpen = xml.indexOf(open, nextOpen + 1);
      }
      depth--;
      pos = nextClose + close.length;
    }
    return { start: at, end: pos };
  }
  return null;
}

/** The drawing objects of a document, outermost first: AlternateContent, drawing, pict. */
const OBJECTS = ['mc:AlternateContent', 'w:drawing', 'w:pict'];

/**
 * Puts each flowchart symbol's glyph in a run text just before the object, in the paragraph it is
 * anchored in; the object stays (mammoth still reads any text inside it, `Mulai`). Returns the new
 * XML and how many symbols were marked. Objects that are no symbol are left as they are.
 */
export function shapesToGlyphs(xml: string): { xml: string; symbols: number } {
  let symbols = 0;
  let out = '';
  let pos = 0;
  // the next object of each kind, looked for again only once the walk has passed it
  const ahead = new Map<string, { start: number; end: number } | null>();
  for (;;) {
    // the next object of any kind, outermost (an AlternateContent holds a drawing and a pict)
    let next: { start: number; end: number } | null = null;
    for (const name of OBJECTS) {
      let found = ahead.get(name);
      if (found === undefined || (found && found.start < pos)) ahead.set(name, (found = elementAt(xml, name, pos)));
      if (found && (!next || found.start < next.start)) next = found;
    }
    if (!next) break;
    const kind = symbolOf(xml.slice(next.start, next.end));
    out += xml.slice(pos, next.start);
    if (kind) {
      symbols++;
      out += `<w:t xml:space="preserve">${SYMBOL_GLYPH[kind]}</w:t>`;
    }
    out += xml.slice(next.start, next.end);
    pos = next.end;
  }
  return { xml: out + xml.slice(pos), symbols };
}
