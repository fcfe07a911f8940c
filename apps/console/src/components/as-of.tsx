import { useEffect, useState } from 'preact/hooks';
import type { Received, Reflecting } from '../api';
import { eventNumber, formatAge } from '../format';

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/** Re-renders every second, on one shared timer, so every "2 s ago" moves together. */
function useEverySecond(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const tick = () => setNow(Date.now());
    listeners.add(tick);
    timer ??= setInterval(() => listeners.forEach((listener) => listener()), 1000);
    return () => {
      listeners.delete(tick);
      if (listeners.size === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return now;
}

/**
 * Which event a figure reflects and how old the reading is: "as of event 1,234, read 2 s ago".
 * Figures read from a ledger or the program stream are current when read: "from the ledger".
 */
export function AsOf({ answer, source }: { answer: Received<Partial<Reflecting>>; source?: string }) {
  const now = useEverySecond();
  const age = formatAge(now - answer.receivedAt);
  const checkpoint = answer.checkpoint;
  return (
    <p class="as-of" data-checkpoint={checkpoint ?? ''}>
      {checkpoint === undefined
        ? `from ${source ?? 'the event store'}, read ${age}`
        : checkpoint === null
          ? `no event projected yet, read ${age}`
          : `as of event ${eventNumber(checkpoint)}, read ${age}`}
    </p>
  );
}
