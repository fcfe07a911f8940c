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

/** `npm run bench`: every benchmark in turn, each printing its own figures; `npm run bench -- http verify` runs those named. */
async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) throw new Error(`no bench named ${unknown.join(', ')}; the benches are ${Object.keys(BENCHES).join(', ')}`);
  for (const [name, bench] of Object.entries(BENCHES)) if (names.length === 0 || names.includes(name)) await bench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
