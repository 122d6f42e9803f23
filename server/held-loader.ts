import DataLoader from 'dataloader';
import { isPromiseLike } from './promise-like';

/**
 * A per-request DataLoader that also answers at once for keys the request already holds (primed
 * from a page read, or loaded). graphql-js completes a list of objects without a promise per
 * object only when every field answers synchronously, and a list page primes all its relations.
 */
export class HeldLoader<V> extends DataLoader<string, V> {
  private readonly state: { held: Map<string, V>; clears: number };

  constructor(batch: DataLoader.BatchLoadFn<string, V>) {
    const state = { held: new Map<string, V>(), clears: 0 };
    super(async (keys) => {
      const clearsBefore = state.clears;
      const values = await batch(keys);
      // A key cleared while its batch was out (a write in between) is read again, not held stale.
      if (state.clears === clearsBefore) {
        keys.forEach((key, i) => {
          const value = values[i];
          if (!(value instanceof Error)) state.held.set(key, value);
        });
      }
      return values;
    });
    this.state = state;
  }

  /** The value this request holds for `key`, or the batched load of it. */
  now(key: string): V | Promise<V> {
    return this.state.held.has(key) ? this.state.held.get(key)! : this.load(key);
  }

  override prime(key: string, value: V | PromiseLike<V> | Error): this {
    // DataLoader keeps what it already has for a key; so does this.
    if (!this.state.held.has(key) && !(value instanceof Error) && !isPromiseLike(value)) this.state.held.set(key, value);
    return super.prime(key, value);
  }

  override clear(key: string): this {
    this.state.held.delete(key);
    this.state.clears++;
    return super.clear(key);
  }

  override clearAll(): this {
    this.state.held.clear();
    this.state.clears++;
    return super.clearAll();
  }
}

/** `use` of a value held now, or of a load's value when it comes: synchronous stays synchronous. */
export function whenHeld<T, U>(value: T | Promise<T>, use: (value: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(use) : use(value);
}
