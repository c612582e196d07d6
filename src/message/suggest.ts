// Near misses: the closest known word to one that was mistyped, for error messages.

/** ", did you mean 'x'?" for the closest candidate, when one is close. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

/** Up to `count` candidates nearest to `word`, nearest first; all of them when none is near. */
export function closest(word: string, candidates: readonly string[], count = 3): string[] {
  const limit = Math.max(2, Math.floor(word.length / 2));
  const ranked = candidates
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  const near = ranked.filter((entry) => entry.distance <= limit).slice(0, count);
  return (near.length > 0 ? near : ranked).map((entry) => entry.candidate);
}

/** How many single-character inserts, deletes and changes turn `a` into `b` (Levenshtein). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
