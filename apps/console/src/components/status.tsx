import type { ComponentChildren } from 'preact';
import { explain } from '../load';
import type { Loaded } from '../load';

/** The loaded value, or what is happening instead: loading, or the API's refusal in words. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <p class="loading" role="status">Loading…</p>;
  if (loaded.state === 'failed') return <p class="error" role="alert">{explain(loaded.error)}</p>;
  return <>{children(loaded.value)}</>;
}
