import { spawnSync } from 'node:child_process';
import { benchDecisions } from './decisions.bench';
import { benchEventStore } from './event-store.bench';
import { benchBareRoute, benchCampaignPurchases, benchCardLookup, benchHttp, benchQuotes, benchStampCardPurchases } from './http.bench';
import { benchProjector } from './projector.bench';
import { benchRelay } from './relay.bench';
import { benchScheduler } from './scheduler.bench';
import { benchSnapshots } from './snapshots.bench';
import { benchVerify } from './verify.bench';

const BENCHES: Record<string, () => Promise<unknown>> = {
  'event-store': benchEventStore,
  decisions: benchDecisions,
  http: async () => {
    const anchor = await benchBareRoute();
    await benchHttp('FULL', 'api', anchor);
    await benchStampCardPurchases(anchor);
    await benchHttp('FULL', 'setia', anchor);
    await benchCardLookup(anchor);
    await benchCampaignPurchases(anchor);
    await benchQuotes(anchor);
  },
  // The campaigns' purchases and quotes beside the bare route and the plain purchases of the same run.
  campaigns: async () => {
    const anchor = await benchBareRoute();
    await benchHttp('FULL', 'api', anchor);
    await benchCampaignPurchases(anchor);
    await benchQuotes(anchor);
  },
  projector: benchProjector,
  scheduler: () => benchScheduler(Number(process.env.SETIA_BENCH_MEMBERS ?? 100_000)),
  relay: benchRelay,
  snapshots: benchSnapshots,
  verify: benchVerify,
};

/** Set for a bench's own process: it runs the bench named, here. */
const ONE_BENCH = 'SETIA_BENCH_ONE';

/**
 * `npm run bench`: every benchmark in turn, each printing its own figures; `npm run bench -- http
 * verify` runs those named. Each runs in a process of its own, started with this one's node flags:
 * what one leaves behind (worlds built in its heap, code compiled for them) does not weigh on the
 * figures of the next.
 */
async function main(): Promise<void> {
  const one = process.env[ONE_BENCH];
  if (one !== undefined) return void (await BENCHES[one]());
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) throw new Error(`no bench named ${unknown.join(', ')}; the benches are ${Object.keys(BENCHES).join(', ')}`);
  for (const name of Object.keys(BENCHES)) {
    if (names.length > 0 && !names.includes(name)) continue;
    const { status, signal } = spawnSync(process.execPath, [...process.execArgv, __filename], { stdio: 'inherit', env: { ...process.env, [ONE_BENCH]: name } });
    if (status !== 0) throw new Error(`the ${name} bench failed (${signal ?? `exit code ${status}`})`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
