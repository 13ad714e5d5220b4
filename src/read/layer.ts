/**
 * Which layer of a PDF page holds what a reader sees: its text layer, or the page image (read by
 * OCR). Decided per page, from the format's own signals, so that a mixed PDF reads each page from
 * the right layer:
 *   - no text layer (a scan): the image;
 *   - a garbled text layer (issue 12: fonts without a usable ToUnicode map give mojibake — the
 *     page looks right, its text is shifted letters, private-use or control characters): the image;
 *   - a page image with a hidden text layer, drawn invisible (text rendering mode 3: a scanner's
 *     searchable layer) or under the image (a text layer left beneath a new scan), and a page
 *     whose text lies mostly on pictures (a picture of a newer table pasted over the old text,
 *     wild 013 page 10; or a form's background under its text): compared with a
 *     quick OCR of a band of the image; the text layer when they agree, the image when they differ
 *     (an old layer of another version, or another page's);
 *   - a page image whose text layer covers almost nothing of the page (a scanner app's mark,
 *     "Scanned with CamScanner", over a full-page scan), or pictures over a third of the page or
 *     more under such a layer (a table pasted as pictures above an e-signature footer): the image
 *     (issue 11).
 * Every other page is read from its text layer.
 */
import type { Word } from './geometry.js';
import type { PdfPage } from './pdf.js';

export type LayerReason = 'no text layer' | 'garbled text layer' | 'hidden text layer' | 'watermark only';

/** Read the text layer, the image, or decide by comparing the two (a hidden layer). */
export type LayerVerdict = { read: 'text' } | { read: 'image'; reason: Exclude<LayerReason, 'hidden text layer'> } | { read: 'compare'; reason: 'hidden text layer' };

/** A page image: pictures cover at least this share of the page. */
const PAGE_IMAGE = 0.6;
/**
 * Pictures covering at least this share of a page whose text layer is a mark hold what the page
 * shows: a procedure table pasted as two pictures under an e-signature footer (wild 037 page 2:
 * pictures 0.57 of the page, the footer's words 0.007).
 */
const PICTURE_CONTENT = 0.3;
/** A text layer covering less of a page image than this (word boxes' area) is a mark, not the page's text. */
const MARK_COVER = 0.02;

/** Letters (and digits) of the words' text. */
function lettersOf(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length;
}

/**
 * Share (0–1) of the runs of three or more letters in `text` that are shaped like words of a
 * Latin-script language: one case pattern (lower, UPPER or Capitalised), plain letters, vowels
 * in a word's proportion (a quarter to four fifths for four letters or more; a vowel or all
 * capitals for three), no run of five consonants. Mojibake of a font without its ToUnicode map
 * fails: glyph codes read as characters shift lower-case letters to capitals whose vowels are few
 * ("Standar Operasional" → "6WDQGDU 2SHUDVLRQDO"), or give accented or other-script letters. Null
 * when the text has fewer than 8 such runs (too little to judge).
 */
export function wordShapeShare(text: string): number | null {
  const runs = text.split(/[^\p{L}]+/u).filter((t) => t.length >= 3);
  if (runs.length < 8) return null;
  const wordLike = runs.filter((t) => {
    if (!/^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)$/.test(t)) return false;
    const vowels = (t.match(/[aeiouAEIOU]/g) ?? []).length;
    if (/[^aeiouAEIOU]{5}/.test(t)) return false;
    if (t.length === 3) return vowels > 0 || t === t.toUpperCase();
    return vowels / t.length >= 0.25 && vowels / t.length <= 0.8;
  }).length;
  return wordLike / runs.length;
}

/** Share of characters no text in an SOP holds: controls, replacement and private-use characters, letters of non-Latin scripts. */
function oddShare(text: string): number {
  const chars = [...text];
  const odd = chars.filter((ch) => /[\u0000-\u0008\u000e-\u001f\ufffd\ue000-\uf8ff]/u.test(ch) || /[^\p{Script=Latin}\p{N}\p{P}\p{S}\s]/u.test(ch)).length;
  return odd / Math.max(1, chars.length);
}

/** Share of the page's area the words' boxes cover. */
function wordCover(p: PdfPage): number {
  const area = p.words.reduce((s, w) => s + Math.max(0, w.box.x1 - w.box.x0) * Math.max(0, w.box.y1 - w.box.y0), 0);
  return area / Math.max(1, p.width * p.height);
}

/**
 * Share (0–1) of the text layer's letters in words whose centre lies on a picture of the page
 * (PdfPage.pictures; a full-page scan counts, a logo does not).
 */
function underPictures(p: PdfPage): number {
  let all = 0;
  let under = 0;
  for (const w of p.words) {
    const n = lettersOf(w.text);
    all += n;
    const x = (w.box.x0 + w.box.x1) / 2;
    const y = (w.box.y0 + w.box.y1) / 2;
    if (p.pictures.some((b) => x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1)) under += n;
  }
  return all ? under / all : 0;
}

/** The layer to read a PDF page from (see the module's comment). */
export function layerVerdict(p: PdfPage): LayerVerdict {
  const text = p.words.map((w) => w.text).join(' ');
  if (lettersOf(text) < 20) return p.imageCover > 0.2 ? { read: 'image', reason: 'no text layer' } : { read: 'text' };
  const shape = wordShapeShare(text);
  if (oddShare(text.replace(/\s+/g, '')) > 0.3 || (shape !== null && shape < 0.5)) return { read: 'image', reason: 'garbled text layer' };
  // a text layer that is only a mark or a footer
  const sparse = wordCover(p) < MARK_COVER;
  if (p.imageCover >= PICTURE_CONTENT && p.imageCover < PAGE_IMAGE && sparse) return { read: 'image', reason: 'watermark only' };
  // most of the text under pictures: on them (a form's background) or hidden beneath them (a
  // picture of another version of the table pasted over the old text): the image tells
  if (!sparse && underPictures(p) >= 0.5) return { read: 'compare', reason: 'hidden text layer' };
  if (p.imageCover < PAGE_IMAGE) return { read: 'text' };
  const { total, invisible, hidden } = p.glyphs;
  if (total > 0 && (invisible + hidden) / total >= 0.5) return { read: 'compare', reason: 'hidden text layer' };
  if (sparse) return { read: 'image', reason: 'watermark only' };
  return { read: 'text' };
}

/** Words of three or more letters or digits, lower-cased. */
function tokens(words: Word[]): string[] {
  return words.flatMap((w) => w.text.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((t) => t.length >= 3);
}

/**
 * How far a hidden text layer agrees with what the image shows: the share of the words OCR read
 * in a band of the image that the text layer holds in the same band (order-free), or null when
 * the OCR read fewer than 5 words there (nothing to compare).
 */
export function layerAgreement(layerWords: Word[], ocrWords: Word[]): number | null {
  const seen = tokens(ocrWords);
  if (seen.length < 5) return null;
  const held = new Map<string, number>();
  for (const t of tokens(layerWords)) held.set(t, (held.get(t) ?? 0) + 1);
  let found = 0;
  for (const t of seen) {
    const n = held.get(t) ?? 0;
    if (n > 0) {
      found++;
      held.set(t, n - 1);
    }
  }
  return found / seen.length;
}
