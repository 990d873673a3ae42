/**
 * An in-isolate least-recently-used map bounded by entry count: a Map keeps insertion order, so re-inserting on use
 * makes the first key the least recently used. `capacity` 0 keeps nothing.
 *
 * @example
 * ```ts
 * const records = new Lru<string>(500)
 * records.set("task_1", "{…}")
 * records.get("task_1")
 * ```
 */
export class Lru<V> {
  readonly #entries = new Map<string, V>();

  constructor(public capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The value if it is here; refreshes its recency. */
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores a value as the most recently used, evicting the least recently used beyond capacity. */
  set(key: string, value: V): void {
    this.#entries.delete(key);
    if (this.capacity <= 0) return;
    this.#entries.set(key, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
    }
  }

  /** The value for `key`, worked out by `compute` (and kept) when it is not here. */
  async remember(key: string, compute: () => Promise<V>): Promise<V> {
    let value = this.get(key);
    if (value === undefined) {
      value = await compute();
      this.set(key, value);
    }
    return value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
