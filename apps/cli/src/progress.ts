import { SingleBar } from 'cli-progress';

/** Progress of a long pass: events done, events per second and time left. */
export interface Progress {
  update(events: number, fraction: number | null): void;
  stop(): void;
}

const SCALE = 1000;

/**
 * A bar on a terminal (cli-progress); on a pipe or file, one plain line every few seconds, so
 * logs stay readable. Either way on the error stream, so the report on stdout stays clean.
 */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean },
  now: () => number = () => performance.now(),
): Progress {
  const started = now();
  const rate = (events: number) => Math.round(events / Math.max((now() - started) / 1000, 0.001));
  const left = (fraction: number | null) => {
    if (fraction === null || fraction <= 0) return null;
    return ((now() - started) / 1000) * ((1 - fraction) / fraction);
  };
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: `${label} {bar} {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}`,
      stream: stream as NodeJS.WriteStream,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    });
    bar.start(SCALE, 0, { events: 0, rate: 0 });
    return {
      update(events, fraction) {
        bar.update(Math.round((fraction ?? 0) * SCALE), { events: events.toLocaleString('en'), rate: rate(events).toLocaleString('en') });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let lastLine = started;
  let lastEvents = 0;
  const line = (events: number, fraction: number | null) => {
    const seconds = left(fraction);
    stream.write(
      `${label}: ${events} events, ${rate(events)} events/s` +
        `${fraction === null ? '' : `, ${Math.floor(fraction * 100)}%`}` +
        `${seconds === null ? '' : `, about ${Math.ceil(seconds)} s left`}\n`,
    );
  };
  return {
    update(events, fraction) {
      lastEvents = events;
      if (now() - lastLine < 2000) return;
      lastLine = now();
      line(events, fraction);
    },
    stop() {
      if (lastEvents > 0) line(lastEvents, 1);
    },
  };
}
