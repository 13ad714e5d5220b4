/**
 * Small text helpers shared by the normalisers: whitespace, casing, and the Indonesian stop words
 * that cannot end a sentence.
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';

/** Collapses runs of whitespace (including NBSP and line breaks) to one space and trims. */
export function squash(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** `s` with surrounding punctuation removed (`: `, `;`, `-`, bullets), inner text untouched. */
export function trimPunct(s: string): string {
  return s.replace(/^[\s:;,.\-–—•·*|]+/, '').replace(/[\s:;,\-–—•·*|]+$/, '').trim();
}

/** A value cell that says "nothing": empty, `-`, `–`, `...`, `…`. */
export function isBlankValue(s: string | null | undefined): boolean {
  return s == null || /^[\s\-–—_.…:;/]*$/.test(s);
}

const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;
/** Acronyms that stay upper case when a heading in capitals is title-cased. */
const ACRONYMS = new Set([
  'BPS', 'RI', 'NKRI', 'DPRD', 'RSUD', 'UPT', 'UPTD', 'PPID', 'SKPD', 'OPD', 'PD', 'BPBD', 'BKD', 'BKPSDM',
  'PKK', 'KB', 'ASN', 'PNS', 'SOP', 'SDM', 'TIK', 'IT', 'BUMD', 'DPMPTSP', 'PTSP', 'KUA', 'LPSE', 'ULP',
  'PKP', 'JFU', 'JFT', 'JF', 'PPK', 'PPTK', 'SLTA', 'SMA', 'ATK', 'PUPR', 'PU', 'KPU', 'SAKIP', 'LKPP', 'BPKAD',
  'BAPPEDA', 'DISKOMINFO', 'SATPOL', 'PP', 'DKI', 'DIY', 'NTB', 'NTT', 'HAM', 'TU', 'UMKM', 'BLUD', 'IKM',
]);
const LOWER_WORDS = new Set(['dan', 'atau', 'serta', 'di', 'ke', 'dari', 'untuk', 'pada', 'yang', 'dengan', 'atas', 'bagi', 'dalam']);

/**
 * Title-cases a heading written in capitals (`KECAMATAN IV JURAI` → `Kecamatan IV Jurai`), keeping
 * Roman numerals, known acronyms (BPS, RSUD, UPT…) and grades (`IV/C` → `IV/c`) as such, and
 * connectives in lower case. Text that is not mostly upper case is returned as written: the gold
 * records keep the document's own mixed case.
 */
export function titleCaseIfUpper(s: string): string {
  const letters = s.replace(/[^A-Za-z]/g, '');
  if (!letters) return s;
  const upper = letters.replace(/[^A-Z]/g, '').length;
  if (upper / letters.length < 0.8) return s;
  return s
    .split(/(\s+)/)
    .map((word, i) => (/^\s+$/.test(word) ? word : titleWord(word, i === 0)))
    .join('');
}

function titleWord(word: string, first: boolean): string {
  return word
    .split(/([\-/().,])/)
    .map((part) => {
      if (!/[A-Za-z]/.test(part)) return part;
      const bare = part.toUpperCase();
      if (ROMAN.test(bare)) return bare;
      if (ACRONYMS.has(bare)) return bare;
      const lower = part.toLowerCase();
      if (!first && LOWER_WORDS.has(lower)) return lower;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('');
}

/**
 * Words after which an Indonesian sentence cannot end: conjunctions, prepositions, auxiliaries.
 * Used to find where two paragraphs were run together (`… tahun sebelumnya RKA dan …`).
 */
export const NON_FINAL_WORDS = new Set([
  'dan', 'atau', 'serta', 'maka', 'yang', 'untuk', 'dengan', 'oleh', 'pada', 'di', 'ke', 'dari', 'dalam', 'bagi',
  'kepada', 'tentang', 'sebagai', 'karena', 'jika', 'apabila', 'bila', 'bahwa', 'agar', 'supaya', 'sehingga',
  'tetapi', 'namun', 'melalui', 'terhadap', 'antara', 'sesuai', 'akan', 'telah', 'sudah', 'belum', 'tidak',
  'bukan', 'para', 'secara', 'oleh', 'atas', 'adalah', 'ialah', 'merupakan', 'yaitu', 'serta', 'nomor', 'no',
  'tahun', 'setiap', 'sebagaimana', 'guna', 'demi', 'hingga', 'sampai', 'kecuali', 'tanpa', 'per', 'se',
]);

/**
 * Repairs words an OCR engine misread by one letter (`Aqustus` → `Agustus`, `Meni` → `Menit`,
 * `Disankan` → `Disahkan`): each word of `text` within Damerau–Levenshtein distance 1 of a word of
 * `vocabulary` (compared in lower case, words of at least `minLength` letters) is replaced by it.
 * Words already in the vocabulary, and other words, are left as they are.
 */
export function repairOcrWords(text: string, vocabulary: readonly string[], minLength = 5): string {
  let memo = repairs.get(vocabulary);
  if (!memo || memo.size > 20000) repairs.set(vocabulary, (memo = new Map()));
  const lower = vocabulary.map((v) => v.toLowerCase());
  return text.replace(/\p{L}{4,}/gu, (word) => {
    const known = memo!.get(word);
    if (known !== undefined) return known;
    let repaired = word;
    const w = word.toLowerCase();
    if (!lower.includes(w)) {
      for (const [i, v] of lower.entries()) {
        if (v.length < minLength || Math.abs(v.length - w.length) > 1 || v[0] !== w[0]) continue;
        if (DamerauLevenshteinDistance(w, v) <= 1) {
          repaired = vocabulary[i]!;
          break;
        }
      }
    }
    memo!.set(word, repaired);
    return repaired;
  });
}

/** Repairs already made, per vocabulary (the same words come back in every document of a batch). */
const repairs = new WeakMap<readonly string[], Map<string, string>>();
