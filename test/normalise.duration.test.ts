import { describe, expect, it } from 'vitest';
import { headerUnit, isUnitWord, leadingDuration, minutesPerUnit, parseDuration, parseSpelledNumber } from '../src/normalise/duration.js';

describe('parseDuration', () => {
  it.each([
    ['10 Menit', null, 10, null, 'minute', 10], // seed 000
    ['2 Jam', null, 2, null, 'hour', 120],
    ['3 Hari', null, 3, null, 'day', 3 * 480],
    ['1 minggu', null, 1, null, 'week', 5 * 480], // seed 001
    ['1 bulan', null, 1, null, 'month', 20 * 480],
    ['15 mnt', null, 15, null, 'minute', 15],
    ["30'", null, 30, null, 'minute', 30],
    ['1-2 hari', null, 1, 2, 'day', 960],
    ['1 - 5 hari Kerja', null, 1, 5, 'day', 2400], // dev-doc 01
    ['10 hari kerja', null, 10, null, 'day', 4800], // dev-doc 03
    ['± 30 menit', null, 30, null, 'minute', 30],
    ['1 x 24 jam', null, 24, null, 'hour', 1440],
    ['3 (tiga) hari', null, 3, null, 'day', 1440],
    ['½ hari', null, 0.5, null, 'day', 240],
    ['setengah jam', null, 0.5, null, 'hour', 30],
    ['tiga hari', null, 3, null, 'day', 1440],
    ['480', 'minute', 480, null, 'minute', 480], // seed 003: Waktu (Menit)
    ['15', 'minute', 15, null, 'minute', 15],
    ['5', null, 5, null, null, null], // dev-doc 10: header without a unit
    ['2400"', 'minute', 2400, null, 'minute', 2400], // wild 001 (ESDM): Waktu (Menit), each amount marked "
  ] as const)('%s', (text, unit, value, valueMax, expectedUnit, minutes) => {
    const d = parseDuration(text, unit);
    expect(d).not.toBeNull();
    expect(d!.value).toBe(value);
    expect(d!.valueMax).toBe(valueMax);
    expect(d!.unit).toBe(expectedUnit);
    expect(d!.minutes).toBe(minutes);
    expect(d!.text).toBe(text);
  });

  it('reads no unit into a number marked " under a header without one', () => expect(parseDuration('30"')).toBeNull());
  it('marks estimates', () => {
    expect(parseDuration('± 30 menit')!.approximate).toBe(true);
    expect(parseDuration('30 menit')!.approximate).toBe(false);
  });

  it('keeps the text of a Waktu that names no amount (dev-docs README)', () => {
    expect(parseDuration('Setiap Saat')).toEqual({ text: 'Setiap Saat', value: null, valueMax: null, unit: null, minutes: null, approximate: false });
    expect(parseDuration('Pada hari dan jam kerja')!.value).toBeNull();
  });

  it.each([[''], ['-'], ['  '], [null]])('%s is no duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('honours a configured working time', () => {
    const wt = { hoursPerDay: 7.5, daysPerWeek: 6, weeksPerMonth: 4 };
    expect(parseDuration('2 hari', null, wt)!.minutes).toBe(900);
    expect(minutesPerUnit('week', wt)).toBe(2700);
  });
});

describe('leadingDuration and isUnitWord', () => {
  it('splits a duration from the words run on after it, and no duration from its own words', () => {
    expect(leadingDuration('15 menit disposisi')).toEqual(['15 menit', 'disposisi']);
    expect(leadingDuration('2 hari kerja SK')).toEqual(['2 hari kerja', 'SK']);
    expect(leadingDuration('1 - 5 hari Kerja Surat Tugas')).toEqual(['1 - 5 hari Kerja', 'Surat Tugas']);
    expect(leadingDuration('1 hari kerja')).toBeNull();
    expect(leadingDuration('15 menit')).toBeNull();
    expect(leadingDuration('Surat 15 menit')).toBeNull();
  });
  it('tells a unit alone on its line', () => {
    expect(['menit', 'Jam', 'hari kerja', 'bln.'].map(isUnitWord)).toEqual([true, true, true, true]);
    expect(['m', 'menit lagi', '30 menit'].map(isUnitWord)).toEqual([false, false, false]);
  });
});

describe('headerUnit', () => {
  it.each([
    ['Waktu (menit)', 'minute'],
    ['Waktu (Menit)', 'minute'],
    ['Waktu (Jam)', 'hour'],
    ['Waktu', null],
    ['waktu', null],
  ] as const)('%s → %s', (h, unit) => expect(headerUnit(h)).toBe(unit));
});

describe('parseSpelledNumber', () => {
  it.each([
    ['tiga', 3],
    ['sepuluh', 10],
    ['dua belas', 12],
    ['dua puluh lima', 25],
    ['seratus', 100],
    ['setengah', 0.5],
  ])('%s → %d', (w, n) => expect(parseSpelledNumber(w)).toBe(n));
  it('rejects words that are not numbers', () => expect(parseSpelledNumber('hari kerja')).toBeNull());
});
