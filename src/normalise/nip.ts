import { NIP_LABEL } from '../vocabulary/index.js';
/**
 * NIP (Nomor Induk Pegawai), the civil-servant number: 18 digits `yyyymmdd yyyymm g nnn` = birth
 * date, month of appointment (TMT CPNS), sex (1 male, 2 female), sequence (PP 11/2017; BKN's
 * Peraturan Kepala BKN No. 22/2007 on the NIP format; DOMAIN.md §6). Written with or without
 * spaces, often after `NIP.` / `NIP :`.
 */
export interface NipInfo {
  /** The digits as written (spaces and dots removed). */
  nip: string;
  valid: boolean;
  /** Why the NIP is invalid; null when valid. */
  problem: string | null;
  birthDate: string | null;
  /** `yyyy-mm` of appointment. */
  appointed: string | null;
  sex: 'male' | 'female' | null;
  sequence: number | null;
}

/** `NIP.` / `NIP :` and the digits after it. */
const NIP_WITH_DIGITS = new RegExp(`\\b${NIP_LABEL}\\.?\\s*[:.]?\\s*((?:\\d[\\s.]*){8,20})`, 'i');

/** Finds the NIP digits in a text (`NIP. 19641112 199203 1 008` → `196411121992031008`). */
export function findNip(text: string): string | null {
  const m = NIP_WITH_DIGITS.exec(text);
  if (m) return m[1]!.replace(/\D/g, '');
  const bare = /(?<!\d)(\d{8}\s?\d{6}\s?\d\s?\d{3})(?!\d)/.exec(text);
  return bare ? bare[1]!.replace(/\D/g, '') : null;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Validates and decodes an NIP. Never throws: a 17-digit NIP (a digit lost in typing, seed 002) or
 * one with an impossible birth date is returned with `valid: false` and the reason.
 */
export function decodeNip(raw: string): NipInfo {
  const nip = raw.replace(/\D/g, '');
  const bad = (problem: string): NipInfo => ({ nip, valid: false, problem, birthDate: null, appointed: null, sex: null, sequence: null });
  if (nip.length !== 18) return bad(`an NIP has 18 digits, this one has ${nip.length}`);
  const by = Number(nip.slice(0, 4));
  const bm = Number(nip.slice(4, 6));
  const bd = Number(nip.slice(6, 8));
  const ay = Number(nip.slice(8, 12));
  const am = Number(nip.slice(12, 14));
  const sexDigit = nip[14];
  const seq = Number(nip.slice(15, 18));
  if (by < 1930 || by > 2010 || !validDate(by, bm, bd)) return bad(`birth date ${nip.slice(0, 8)} is not a valid date`);
  if (am < 1 || am > 12 || ay < by + 15 || ay > 2100) return bad(`appointment month ${nip.slice(8, 14)} is not plausible for birth year ${by}`);
  if (sexDigit !== '1' && sexDigit !== '2') return bad(`sex digit ${sexDigit} is neither 1 nor 2`);
  if (seq < 1) return bad('sequence number 000 is not allowed');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    nip, valid: true, problem: null,
    birthDate: `${by}-${pad(bm)}-${pad(bd)}`,
    appointed: `${ay}-${pad(am)}`,
    sex: sexDigit === '1' ? 'male' : 'female',
    sequence: seq,
  };
}
