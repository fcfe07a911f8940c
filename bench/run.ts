import { benchEventStore } from './event-store.bench';
import { benchHttp } from './http.bench';
import { benchProjector } from './projector.bench';
import { benchRelay } from './relay.bench';
import { benchVerify } from './verify.bench';

/** `npm run bench`: every benchmark in turn, each printing its own figures. */
async function main(): Promise<void> {
  await benchEventStore();
  await benchHttp('FULL', 'api');
  await benchHttp('FULL', 'setia');
  await benchProjector();
  await benchRelay();
  await benchVerify();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
