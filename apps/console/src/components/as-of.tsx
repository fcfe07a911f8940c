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
 * Which event a figure reflects and how old that event is: "as of event 1,234, 2 s ago" (the
 * time the event at the checkpoint was recorded, which the answer carries). Figures read from a
 * ledger or the program stream are current when read: "from the ledger, read 2 s ago".
 */
export function AsOf({ answer, source }: { answer: Received<Partial<Reflecting>>; source?: string }) {
  const now = useEverySecond();
  const read = formatAge(now - answer.receivedAt);
  const { checkpoint, checkpointRecordedAt } = answer;
  return (
    <p class="as-of" data-checkpoint={checkpoint ?? ''} data-checkpoint-recorded-at={checkpointRecordedAt ?? ''}>
      {checkpoint === undefined
        ? `from ${source ?? 'the event store'}, read ${read}`
        : checkpoint === null
          ? `no event projected yet, read ${read}`
          : checkpointRecordedAt
            ? `as of event ${eventNumber(checkpoint)}, ${formatAge(now - Date.parse(checkpointRecordedAt))}`
            : `as of event ${eventNumber(checkpoint)}, read ${read}`}
    </p>
  );
}
