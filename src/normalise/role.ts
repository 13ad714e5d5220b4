/**
 * Roles (Pelaksana) → canonical names, so that the same role spelt differently in two SOPs gets
 * the same name (`Kasubag PKP` in seed 002 and `Kasubag Perencanaan, Keuangan dan Pelaporan` in
 * seed 001 both become `Kepala Subbagian Perencanaan, Keuangan dan Pelaporan`).
 *
 * Rules, in order: abbreviations of DOMAIN.md §3 are expanded (Sekda, Kabag, Kasubag/Kasubbag,
 * Kadis, Kaban, Kabid, Kasubbid, Kasi, Sekcam, Seklur, Kades, Sekdes, Irban, JF/JFT/JFU, PPK, PPTK,
 * OPD/SKPD/PD) with the unit abbreviations PKP, Umpeg, Anev; staff positions (JFU, Staf, Pelaksana)
 * become `Jabatan Pelaksana` (JFU was renamed so by Permenpan RB 41/2018); misspelt words are
 * corrected against the role vocabulary with natural's Jaro–Winkler similarity (`Admistrasi` →
 * `Administrasi`, seed 004); capitals are normalised.
 */
import { DamerauLevenshteinDistance, JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import { memoize } from '../memo.js';
import { squash, titleCaseIfUpper } from './text.js';
import { ROLE_ABBREVIATIONS, ROLE_WORDS, STAFF_LABELS } from '../vocabulary/index.js';

export { ROLE_WORDS };

const ABBREVIATIONS = ROLE_ABBREVIATIONS;
const STAFF = STAFF_LABELS;

const ROLE_WORDS_LOWER = new Set(ROLE_WORDS.map((w) => w.toLowerCase()));
const CONNECTIVES = new Set(['dan', 'atau', 'serta', 'di', 'ke', 'dari', 'untuk', 'pada', 'yang', 'dengan']);

/** True when `word` is a word of role names (case-insensitive, abbreviations included). */
export function isRoleWord(word: string): boolean {
  const w = word.toLowerCase().replace(/[.,;:]/g, '');
  return ROLE_WORDS_LOWER.has(w) || Object.hasOwn(ABBREVIATIONS, w) || STAFF.has(w);
}

/**
 * Corrects a misspelt role word (`Admistrasi` → `Administrasi`): the closest vocabulary word by
 * Damerau–Levenshtein distance (at most 1 edit under 8 letters, 2 from 8), with the same first
 * letter and a Jaro–Winkler similarity of at least 0.9. A word that only extends a vocabulary word
 * (`Pelaksanaan` / `Pelaksana`) is a different word and is kept.
 */
function correctSpelling(word: string): string {
  const lower = word.toLowerCase();
  if (word.length < 6 || ROLE_WORDS_LOWER.has(lower) || !/^\p{L}+$/u.test(word)) return word;
  let best = word;
  let bestDistance = word.length >= 8 ? 3 : 2;
  for (const candidate of ROLE_WORDS) {
    const c = candidate.toLowerCase();
    if (c[0] !== lower[0] || Math.abs(c.length - lower.length) > 2) continue;
    if (c.startsWith(lower) || lower.startsWith(c)) continue;
    const distance = DamerauLevenshteinDistance(lower, c);
    if (distance < bestDistance && JaroWinklerDistance(lower, c) >= 0.9) {
      bestDistance = distance;
      best = word === word.toUpperCase() ? candidate.toUpperCase() : candidate;
    }
  }
  return best;
}

function capitalise(word: string, first: boolean): string {
  if (/^[IVX]+$/.test(word)) return word;
  if (/[A-Z].*[A-Z]/.test(word) && word.length <= 6 && word === word.toUpperCase()) return word; // acronym: BPS, PPID
  const lower = word.toLowerCase();
  if (!first && CONNECTIVES.has(lower)) return lower;
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * Canonical name of a role label (`Kasubag PKP` → `Kepala Subbagian Perencanaan, Keuangan dan
 * Pelaporan`, `Ka.Subbag Umum` → `Kepala Subbagian Umum`, `JFU` → `Jabatan Pelaksana`). Returns the
 * empty string for an empty label.
 * Remembered per label (src/memo.ts): a batch meets the same actor headers in thousands of SOPs.
 */
export const canonicalRole: (label: string) => string = memoize(canonicalRoleUncached);

function canonicalRoleUncached(label: string): string {
  let s = titleCaseIfUpper(squash(label)).replace(/&/g, ' dan ').replace(/\s+/g, ' ').trim();
  if (!s) return '';
  if (STAFF.has(s.toLowerCase())) return 'Jabatan Pelaksana';
  // `Ka.Subbag`, `Ka. Sub Bag`, `Kasub Bag` → Kepala Subbagian; `Sub Bagian` → Subbagian
  s = s
    .replace(/\bKa\.?\s*Sub\.?\s*Bag(?:ian)?\b\.?/gi, 'Kasubbag')
    .replace(/\bKa\.?\s*Sub\.?\s*Bid(?:ang)?\b\.?/gi, 'Kasubbid')
    .replace(/\bSub\.?\s+Bag(?:ian)?\b/gi, 'Subbagian')
    .replace(/\bSub\.?\s+Bid(?:ang)?\b/gi, 'Subbidang')
    .replace(/\bKa\.\s*(?=\p{L})/giu, 'Kepala ');
  const words = s.split(' ');
  const out: string[] = [];
  words.forEach((raw) => {
    const trail = /[,;:]+$/.exec(raw)?.[0] ?? '';
    const core = raw.slice(0, raw.length - trail.length);
    const key = core.toLowerCase().replace(/\./g, '');
    const expansion = Object.hasOwn(ABBREVIATIONS, key) ? ABBREVIATIONS[key] : undefined;
    if (expansion) {
      out.push(...expansion.split(' '));
      if (trail) out[out.length - 1] += trail;
      return;
    }
    out.push(correctSpelling(core) + trail);
  });
  return out.map((w, i) => capitalise(w, i === 0)).join(' ').replace(/\s+,/g, ',');
}

/**
 * Loose key for comparing two canonical names: lower case, punctuation and connectives removed.
 * `Kepala Subbagian Perencanaan, Keuangan dan Pelaporan` and `Kepala Subbagian Perencanaan Keuangan
 * & Pelaporan` share a key.
 */
export function roleKey(canonical: string): string {
  return canonical
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !CONNECTIVES.has(w))
    .join(' ');
}
