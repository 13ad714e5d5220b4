/**
 * Whether a record's field is right, judged as ../shared/score.py judges it (the team's scorer), so
 * that confidences can be calibrated against the same notion of right: text compared after NFKC,
 * case folding and trimming by difflib's SequenceMatcher ratio (0.9 for identity values and
 * activities, 0.85 for approver parts, outputs, requirements and list items, 0.8 for actors), dates
 * and grades exactly, NIPs by their digits, durations by value and unit, legal bases by type, number
 * and year. Used by scripts/calibrate.ts only.
 */

/** score.py's `norm`: NFKC, tags dropped, case folded, spaces collapsed, ` .,;:-` trimmed; null for nothing. */
export function norm(s: unknown): string | null {
  if (s === null || s === undefined) return null;
  let t = typeof s === 'string' ? s : String(s);
  t = t.normalize('NFKC').replace(/<[^>]+>/g, ' ').toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim();
  t = t.replace(/^[ .,;:-]+|[ .,;:-]+$/g, '');
  return t || null;
}

/**
 * difflib.SequenceMatcher(None, a, b).ratio(), with its automatic junk heuristic: in a sequence `b`
 * of 200 elements or more, an element occurring in more than 1% of it is left out of the index of
 * `b` (difflib's `autojunk`). Sequences are compared by code point, as Python compares `str`.
 */
export function ratio(aText: string, bText: string): number {
  const a = Array.from(aText);
  const b = Array.from(bText);
  const total = a.length + b.length;
  if (total === 0) return 1;
  const b2j = new Map<string, number[]>();
  b.forEach((ch, j) => {
    const list = b2j.get(ch);
    if (list) list.push(j);
    else b2j.set(ch, [j]);
  });
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [ch, js] of [...b2j]) if (js.length > limit) b2j.delete(ch);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i]!) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
    return [besti, bestj, bestsize];
  };
  let matches = 0;
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k === 0) continue;
    matches += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return (2 * matches) / total;
}

/** score.py's `sim`: 1 for equal normalised texts, the ratio otherwise, 0 when either is empty. */
export function sim(a: unknown, b: unknown): number {
  const x = norm(a);
  const y = norm(b);
  if (x === null || y === null) return 0;
  if (x === y) return 1;
  return ratio(x, y);
}

/** The thresholds score.py applies, by field group. */
export const THRESHOLD = { identity: 0.9, approver: 0.85, list: 0.85, activity: 0.9, cell: 0.85, actor: 0.8 } as const;

/**
 * Matches predicted list items to gold items as score.py's `list_match` does (each gold item takes
 * its most similar unused prediction at `threshold` or above): the predicted indices that matched.
 */
export function matchedItems(gold: readonly unknown[], pred: readonly unknown[], threshold: number, key: (x: unknown) => unknown = (x) => x): Set<number> {
  const used = new Set<number>();
  for (const g of gold.filter((x) => x !== null && x !== '')) {
    let best = 0;
    let bi = -1;
    pred.forEach((p, i) => {
      if (used.has(i) || p === null || p === '') return;
      const s = sim(key(g), key(p));
      if (s > best) {
        best = s;
        bi = i;
      }
    });
    if (bi >= 0 && best >= threshold) used.add(bi);
  }
  return used;
}

/** score.py's key of a legal basis: type, number without spaces, year. */
export function legalKey(x: { type?: unknown; number?: unknown; year?: unknown }): string {
  const n = norm(x.number)?.replace(/\s+/g, '') ?? null;
  return JSON.stringify([norm(x.type), n, x.year === null || x.year === undefined ? null : String(x.year)]);
}

/** score.py's key of a duration: value rounded to three decimals, unit; null without a value. */
export function durationKey(d: unknown): string | null {
  if (!d || typeof d !== 'object') return null;
  const v = Number((d as { value?: unknown }).value);
  if ((d as { value?: unknown }).value === null || Number.isNaN(v)) return null;
  return JSON.stringify([Math.round(v * 1000) / 1000, norm((d as { unit?: unknown }).unit)]);
}
