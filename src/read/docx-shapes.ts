/**
 * Flowchart symbols drawn with Word shapes in the actor columns of a DOCX procedure table. Word
 * SOP AP templates draw the Permenpan RB 35/2012 symbols (capsule, rectangle, diamond) as shapes
 * anchored in the cell they sit in: DrawingML (`wps:wsp` with `a:prstGeom prst="flowChartProcess"`,
 * Word 2010 and later, wrapped in `mc:AlternateContent` with a VML fallback) or VML alone
 * (`v:shape type="#_x0000_t109"`, `v:rect`, older files). mammoth drops shapes that hold no text,
 * so each symbol is replaced, before mammoth reads the document, by the glyph the text readers
 * already take for a mark (□ ◇ ⬭): the cell then says which actor does the step and what kind of
 * step it is (normalise/actors.ts kindOfMark).
 *
 * Not taken for symbols: connectors and lines, text boxes without an outline (the Ya / Tidak
 * labels of a decision), shapes whose only text is Ya / Tidak, and groups or drawing canvases
 * (a whole flowchart in one object is anchored in one cell; where each symbol sits is not known).
 */
import type { ShapeKind } from './geometry.js';

/** DrawingML preset geometries of the SOP AP symbols. */
const PRESETS: Record<string, ShapeKind> = {
  flowChartProcess: 'process', rect: 'process', flowChartAlternateProcess: 'process', flowChartPredefinedProcess: 'process',
  flowChartDecision: 'decision', diamond: 'decision',
  flowChartTerminator: 'terminator', roundRect: 'terminator', ellipse: 'terminator',
};

/** VML shape types (`#_x0000_tNNN`) and elements of the same symbols. */
const VML_TYPES: Record<string, ShapeKind> = { '109': 'process', '1': 'process', '176': 'process', '110': 'decision', '4': 'decision', '116': 'terminator', '2': 'terminator', '3': 'terminator' };
const VML_ELEMENTS: Record<string, ShapeKind> = { rect: 'process', roundrect: 'terminator', oval: 'terminator' };

/** The glyph each kind becomes (the marks of a text export, kindOfMark). */
export const SYMBOL_GLYPH: Record<ShapeKind, string> = { process: '□', decision: '◇', terminator: '⬭' };

/** The symbol a drawing object shows, or null when it is none (connector, label, group). */
export function symbolOf(xml: string): ShapeKind | null {
  if (/<(?:wpg:wgp|wpc:wpc|v:group)\b/.test(xml)) return null;
  const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').trim();
  if (/^(?:ya|tidak|y|t|yes|no)$/i.test(text)) return null;
  // DrawingML first (what Word shows), VML when it is all there is
  const choice = /<mc:Choice\b[\s\S]*?<\/mc:Choice>/.exec(xml)?.[0] ?? xml;
  // a shape (wps:wsp), not a picture: a logo's frame is a `rect` too
  const preset = /<wps:wsp\b/.test(choice) ? /<a:prstGeom\s+prst="([A-Za-z0-9]+)"/.exec(choice) : null;
  if (preset) {
    if (/<a:ln\b[^>]*>\s*<a:noFill\s*\/>/.test(choice)) return null; // a text box: no outline
    return PRESETS[preset[1]!] ?? null;
  }
  if (/\bstroked="(?:f|false)"/.test(xml)) return null;
  const type = /<v:shape\b[^>]*\btype="#_x0000_t(\d+)"/.exec(xml);
  if (type) return VML_TYPES[type[1]!] ?? null;
  const element = /<v:(rect|roundrect|oval)\b/.exec(xml);
  return element ? VML_ELEMENTS[element[1]!]! : null;
}

/**
 * Replaces each flowchart symbol in word/document.xml by a run text holding its glyph, in the
 * paragraph it is anchored in. Returns the new XML and how many symbols were replaced; objects that
 * are no symbol, and any whose markup nests another drawing, are left as they are.
 */
export function shapesToGlyphs(xml: string): { xml: string; symbols: number } {
  let symbols = 0;
  const out = xml.replace(/<mc:AlternateContent\b[\s\S]*?<\/mc:AlternateContent>|<w:drawing\b[\s\S]*?<\/w:drawing>|<w:pict\b[\s\S]*?<\/w:pict>/g, (block) => {
    // a lazy match cut short by a nested object would leave broken markup
    const own = block.startsWith('<mc:') ? /<mc:AlternateContent\b/g : block.startsWith('<w:drawing') ? /<w:drawing\b/g : /<w:pict\b/g;
    if ((block.match(own) ?? []).length > 1) return block;
    const kind = symbolOf(block);
    if (!kind) return block;
    symbols++;
    return `<w:t xml:space="preserve">${SYMBOL_GLYPH[kind]}</w:t>`;
  });
  return { xml: out, symbols };
}
