import { seedDueLots } from './scheduler.bench';

/**
 * `node seed-due-lots.main.js DIR TENANT MEMBERS`: the scheduler bench's members, seeded into DIR
 * by a process of their own (as the API's processes would have written them); prints the number of
 * events written.
 */
async function main(): Promise<void> {
  const [dataDir, tenant, members] = process.argv.slice(2);
  console.log(await seedDueLots(dataDir, tenant, Number(members)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
