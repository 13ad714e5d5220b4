/**
 * Remembering the answers of pure functions of one string. A batch import meets the same header
 * words, labels and short cells in thousands of files; profiling 1000 synthetic SOPs showed the
 * header and label tests at a fifth of the segmentation time (README, Performance).
 */

/**
 * Wraps `fn`, a pure function of one string, so that each distinct input of at most `maxLength`
 * characters is computed once (longer inputs, a step's sentence, rarely come back: hashing them
 * costs more than it saves). At most `limit` answers are kept: past it the memory starts over, so
 * a long batch stays bounded. Callers must not mutate an answer (it is shared).
 */
export function memoize<R>(fn: (text: string) => R, maxLength = 100, limit = 20_000): (text: string) => R {
  let known = new Map<string, R>();
  return (text: string): R => {
    if (text.length > maxLength) return fn(text);
    const hit = known.get(text);
    if (hit !== undefined || known.has(text)) return hit as R;
    const answer = fn(text);
    if (known.size >= limit) known = new Map();
    known.set(text, answer);
    return answer;
  };
}

/**
 * memoize for a pure function of a context and a text (a Waktu cell and its column's unit, a
 * citation and the document's region): one answer per pair. `maxLength` bounds the two together.
 */
export function memoizeIn<R>(fn: (context: string, text: string) => R, maxLength = 100, limit = 20_000): (context: string, text: string) => R {
  const byKey = memoize((key: string) => {
    const at = key.indexOf('\u0000');
    return fn(key.slice(0, at), key.slice(at + 1));
  }, maxLength, limit);
  return (context, text) => byKey(`${context}\u0000${text}`);
}
