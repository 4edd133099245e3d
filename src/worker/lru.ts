// Least-recently-used bookkeeping on a Map: its insertion order is the use order (oldest
// first), so "use" is delete-then-set and eviction walks from the front. The kept pixels in
// memory and their copies on disk are both held to a byte budget this way.

/** Marks `key` as just used (moved to the back); nothing when it is absent. */
export function touch<V>(entries: Map<string, V>, key: string): void {
  if (!entries.has(key)) return;
  const value = entries.get(key)!;
  entries.delete(key);
  entries.set(key, value);
}

/**
 * Removes the oldest entries until their sizes sum to at most `budget` bytes, never `keep`
 * (the one just added), and returns the removed keys.
 */
export function evictBeyond<V>(entries: Map<string, V>, size: (value: V) => number, budget: number, keep: string): string[] {
  let total = 0;
  for (const v of entries.values()) total += size(v);
  const evicted: string[] = [];
  for (const [key, value] of entries) {
    if (total <= budget || key === keep) break;
    entries.delete(key);
    total -= size(value);
    evicted.push(key);
  }
  return evicted;
}
