import { spawnSync } from 'node:child_process';
import { benchDecisions } from './decisions.bench';
import { benchEventStore } from './event-store.bench';
import { benchCampaignPurchases, benchCardLookup, benchHttp, benchHttpRounds, benchQuotes, benchStampCardPurchases } from './http.bench';
import type { HttpBench } from './http.bench';
import { benchProjector } from './projector.bench';
import { benchRelay } from './relay.bench';
import { benchScheduler } from './scheduler.bench';
import { benchSnapshots } from './snapshots.bench';
import { benchVerify } from './verify.bench';

const API_PURCHASES: HttpBench = { label: 'purchases (API alone)', run: (anchor) => benchHttp('FULL', 'api', anchor) };
const STAMP_CARD_PURCHASES: HttpBench = { label: 'purchases with two stamp cards and a daily gift (API alone)', run: benchStampCardPurchases };
const ALL_IN_ONE_PURCHASES: HttpBench = { label: 'purchases (all-in-one)', run: (anchor) => benchHttp('FULL', 'setia', anchor) };
const CARD_LOOKUPS: HttpBench = { label: 'card lookups (API alone)', what: 'lookup', run: benchCardLookup };
const CAMPAIGN_PURCHASES: HttpBench = { label: 'purchases with five campaigns running, one capped (API alone)', run: benchCampaignPurchases };
const QUOTES: HttpBench = { label: 'basket quotes with five campaigns running (API alone)', what: 'quote', run: benchQuotes };

const BENCHES: Record<string, () => Promise<unknown>> = {
  'event-store': benchEventStore,
  decisions: benchDecisions,
  http: () => benchHttpRounds([API_PURCHASES, STAMP_CARD_PURCHASES, ALL_IN_ONE_PURCHASES, CARD_LOOKUPS, CAMPAIGN_PURCHASES, QUOTES]),
  // The campaigns' purchases and quotes beside the bare route and the plain purchases (also in http).
  campaigns: () => benchHttpRounds([API_PURCHASES, CAMPAIGN_PURCHASES, QUOTES]),
  projector: benchProjector,
  scheduler: () => benchScheduler(Number(process.env.SETIA_BENCH_MEMBERS ?? 100_000)),
  relay: benchRelay,
  snapshots: benchSnapshots,
  verify: benchVerify,
};

/** Run only when named: their figures are also another bench's. */
const ONLY_WHEN_NAMED = new Set(['campaigns']);

/** Set for a bench's own process: it runs the bench named, here. */
const ONE_BENCH = 'SETIA_BENCH_ONE';

/**
 * `npm run bench`: every benchmark in turn (but those only run when named), each printing its own
 * figures; `npm run bench -- http verify` runs those named. The HTTP figures and the scheduler's are
 * measured in rounds (SETIA_BENCH_ROUNDS, 3), then their medians printed. Each bench runs in a
 * process of its own, started with this one's node flags:
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
    if (names.length > 0 ? !names.includes(name) : ONLY_WHEN_NAMED.has(name)) continue;
    const { status, signal } = spawnSync(process.execPath, [...process.execArgv, __filename], { stdio: 'inherit', env: { ...process.env, [ONE_BENCH]: name } });
    if (status !== 0) throw new Error(`the ${name} bench failed (${signal ?? `exit code ${status}`})`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
