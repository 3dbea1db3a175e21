/**
 * The grams a name-or-address search needs (decision 024), as the database's `nx_grams` makes
 * them: a one-character query is its character; a longer one, its pairs of neighbouring
 * characters. A household matches only if it holds them all (`search_grams @> …`, a GIN index);
 * LIKE then checks the match itself. Case-sensitive and by code point, like the SQL.
 */
export function queryGrams(q: string): string[] {
  const chars = Array.from(q);
  if (chars.length === 1) return /^\s$/.test(q) ? [] : [q];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i] + chars[i + 1];
    if (!/^\s*$/.test(pair)) pairs.add(pair);
  }
  return [...pairs];
}

/**
 * Whether a household holding `queryGrams(q)` surely matches `q`, so that no LIKE need check it:
 * a one-character query is its gram, a two-character one its one pair (decision 024).
 */
export function gramsAreTheMatch(q: string): boolean {
  return Array.from(q).length <= 2 && queryGrams(q).length > 0;
}
