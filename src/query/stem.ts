/**
 * Indonesian stems for full-text search: natural's Sastrawi stemmer (dictionary-based affix
 * removal: `pemantauan`, `memantau` → `pantau`; `pengumpulan`, `dikumpulkan` → `kumpul`). Known
 * over-stemming (TOOLCHAIN.md): `kinerja` → `kerja`, `tercapainya` → `capa`; measured on the corpus
 * in the README (`sop search`).
 */
import { createRequire } from 'node:module';

type Stemmer = { stem(word: string): string };
/** Loaded on first use: its dictionary takes ~150 ms to load, which commands that never stem should not pay. */
let stemmer: Stemmer | null = null;
function loadStemmer(): Stemmer {
  stemmer ??= createRequire(import.meta.url)('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as Stemmer;
  return stemmer;
}

/** Memo of stems: the stemmer costs ~30 µs a word and SOP vocabularies repeat heavily. */
const memo = new Map<string, string>();
const MEMO_LIMIT = 200_000;

/** The words of a text as the FTS tokenizer (unicode61) sees them: lower-case letter/digit runs. */
export function words(text: string): string[] {
  // plain ASCII (most SOP text) needs neither Unicode normalisation nor Unicode classes
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The stem of one lower-case word; words with digits and words under 4 letters are kept as they are. */
export function stemWord(word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  let s = memo.get(word);
  if (s === undefined) {
    s = loadStemmer().stem(word) || word;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(word, s);
  }
  return s;
}

/** A text as space-separated stems, for the `stems` column of `sop_search` (migration 002). */
export function stemText(text: string): string {
  return words(text).map(stemWord).join(' ');
}
