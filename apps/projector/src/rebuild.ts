import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { ConfigError, describeConfig, loadConfig } from '@setia/platform';
import { rebuildReadModels } from '@setia/projections';
import { openEventStore } from '@setia/event-store';
import { openReadStore } from '@setia/read-store';

/**
 * `npm run rebuild`: every read model rebuilt from the event store into a fresh generation, then
 * switched over. The API keeps serving the old generation until the switch; a running projector
 * follows it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  console.log(describeConfig(config));
  const events = await openEventStore(config.eventStore);
  const engine = await openReadStore(config.readStore);
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  const bar = process.stdout.isTTY
    ? new SingleBar({ format: 'rebuild [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | {eta}s left', hideCursor: true })
    : null;
  let lastLine = 0;
  try {
    const result = await rebuildReadModels(events, engine, {
      onProgress: ({ done, total }) => {
        if (bar) {
          if (done === 0) bar.start(total, 0, { rate: 0 });
          bar.setTotal(total);
          bar.update(done, { rate: rate(done) });
        } else if (Date.now() - lastLine > 2000 || done === total) {
          lastLine = Date.now();
          console.log(`rebuild: ${done}/${total} events, ${rate(done)} events/s`);
        }
      },
    });
    bar?.stop();
    console.log(
      `rebuilt ${result.events} events into generation ${result.generation} (was ${result.previous}) in ${result.seconds.toFixed(1)} s: ` +
        `${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s`,
    );
  } finally {
    bar?.stop();
    await engine.close();
    await events.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `rebuild failed: ${(error as Error).message}`);
  process.exit(1);
});
