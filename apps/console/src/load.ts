import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; error: ApiError | Error } | { state: 'ready'; value: T };

/** Runs `load` whenever a dependency changes (or on reload); an answer for older dependencies is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: unknown) => current && setLoaded({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [loaded, () => setRound((n) => n + 1)];
}

/** A refusal in the user's words: a 403 says what the key's role may not see. */
export function explain(error: ApiError | Error): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `This key's role may not see this (${error.problem.message}).`;
    if (error.status === 429) return 'Too many requests with this key: wait a moment and reload.';
    return error.problem.message;
  }
  return error.message;
}
