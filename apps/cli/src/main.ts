import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  describeChain,
  describeDifference,
  exportFromStore,
  openExistingStore,
  replayCustomer,
  StoreNotFound,
  verifyExport,
  verifyStoreInParallel,
} from '@setia/audit';
import type { EventStoreSpec } from '@setia/audit';
import type { AuditResult, Difference, Notice } from '@setia/audit';
import { balanceAsOf, customerStream, TENANT_ID_PATTERN } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import { ConfigError, loadConfig, maskCredentials } from '@setia/platform';
import { createProgress } from './progress';
import type { CliIo } from './cli-io';
import { processIo } from './cli-io';
import { runBackup, runRestore } from './backup';
import { runKeys } from './keys';
import { CliError, closeQuietly, openReadStore } from './stores';

export const USAGE = `Usage: setia ledger <command> [options]
       setia keys <command> [options]
       setia backup --out FILE
       setia restore FILE [--force]

Ledger commands:
  replay  --tenant T --customer C          every event of a customer's ledger with the running
                                           balance, tier and the program revision that decided it
  verify  --tenant T [--customer C]        recompute balances, tiers and stages with the program
                                           rules in force, check hash chains, compare read models
  verify  --export DIR                     check an export offline against its manifest
  export  --tenant T [--customer C] --out DIR
                                           events.jsonl, ledger.csv, events.index.tsv, manifest.json
  balance --tenant T --customer C [--as-of INSTANT]
                                           the balance and tier as of an instant (default: now)

Keys commands (recorded as done by operator:<user>; --tenant platform for platform keys):
  create  --tenant T --role R [--stores S1,S2]
                                           a new API key (R: admin, pos, auditor, analyst, or
                                           platform), shown once; --stores limits a pos key
  list    --tenant T                       the tenant's keys, revoked ones too, without secrets
  revoke  --tenant T --key-id ID           refused from the next request on

Store commands (the embedded SQLite store in SETIA_DATA_DIR):
  backup  --out FILE                       a consistent copy (SQLite's online backup) of the
                                           events, the read models and the personal-data vault,
                                           while Setia runs; one tar file with a manifest
  restore FILE [--force]                   checks a backup and puts it in SETIA_DATA_DIR (stop
                                           Setia first; --force when files are there: they are
                                           kept, renamed *.before-restore-<time>)

Options:
  --json            the report as JSON on stdout
  --no-read-model   verify: do not compare with the read models
  --quiet           no progress output

The store comes from the environment: SETIA_DATA_DIR (default ./data, the embedded SQLite files)
or EVENTSTORE_URL; MONGODB_URL for read models in MongoDB.
Exit code: 0 when everything agrees, 1 when differences were found, 2 on a usage or setup error.`;


/** Differences printed in full; the rest are counted (the JSON report has them all). */
const PRINTED_DIFFERENCES = 200;

/** `setia ledger …`: returns the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError || error instanceof StoreNotFound) {
      io.err.write(`setia: ${error.message}\n`);
      return 2;
    }
    // Setup problems (an unreachable EventStoreDB, an unreadable file) in one line; the stack on request.
    io.err.write(`setia: ${io.env.SETIA_DEBUG ? ((error as Error).stack ?? String(error)) : (error as Error).message}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCli(argv);
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  const [group, command, ...rest] = positionals;
  if (group === 'backup' || group === 'restore') {
    if ((group === 'backup' ? positionals.length > 1 : positionals.length > 2)) throw new CliError(`unexpected argument "${positionals[group === 'backup' ? 1 : 2]}"`);
    return group === 'backup' ? runBackup(values.out, loadConfig(io.env), io) : runRestore(command, values.force === true, loadConfig(io.env), io);
  }
  if ((group !== 'ledger' && group !== 'keys') || !command) throw new CliError(`unknown command "${positionals.join(' ')}"\n\n${USAGE}`);
  if (rest.length > 0) throw new CliError(`unexpected argument "${rest[0]}"`);
  if (group === 'keys') return runKeys(command, values, loadConfig(io.env), io);
  const progress = (label: string) => (values.quiet || values.json ? undefined : createProgress(label, io.err));

  if (command === 'verify' && values.export !== undefined) {
    const bar = progress('verify export');
    const result = await verifyExport(resolve(values.export), (lines, bytes, total) => bar?.update(lines, total > 0 ? bytes / total : null));
    bar?.stop();
    const { manifest } = result;
    return report(io, values.json, {
      title: `export ${values.export}: ${result.lines} lines (manifest: ${manifest.events}) of ${describeScope(manifest.scope)}, exported ${manifest.createdAt} from ${manifest.source}`,
      summary: summarise(result.audit),
      differences: result.differences,
      notices: result.notices,
      json: { manifest: { ...manifest, streams: undefined }, lines: result.lines },
    });
  }

  const config = loadConfig(io.env);
  const tenant = required(values.tenant, '--tenant');
  if (!TENANT_ID_PATTERN.test(tenant)) throw new CliError(`--tenant: "${tenant}" is not a tenant id`);
  const customerId = values.customer;
  const scope = { tenant, ...(customerId !== undefined && { customerId }) };

  if (command === 'verify') {
    // The tenant's streams are split among worker threads, each with its own connection.
    const readStore = values['no-read-model'] ? undefined : await openReadStore(config.readStore);
    try {
      const bar = progress('verify');
      const result = await verifyStoreInParallel(config.eventStore, scope, {
        ...(readStore && { readStore }),
        ...(bar && { onProgress: ({ events, fraction }) => bar.update(events, fraction) }),
      });
      bar?.stop();
      const readModel =
        result.readModelCompared === null ? 'read models: not compared (none found)' : `read models: ${result.readModelCompared} customer documents compared`;
      return report(io, values.json, {
        title: `verify ${describeScope(scope)} in ${describeStore(config.eventStore)}`,
        summary: [...summarise(result), readModel],
        differences: result.differences,
        notices: result.notices,
        json: { readModelCompared: result.readModelCompared },
      });
    } finally {
      await readStore?.close();
    }
  }

  const { store, source } = await openExistingStore(config.eventStore);
  try {
    switch (command) {
      case 'replay': {
        const customer = required(customerId, '--customer');
        const { lines, audit } = await replayCustomer(store, tenant, customer);
        if (lines.length === 0) throw new CliError(`customer ${customer} of tenant ${tenant} has no ledger in ${source}`);
        if (values.json) {
          io.out(JSON.stringify({ ok: audit.differences.length === 0, customerId: customer, lines, differences: audit.differences }, null, 2));
          return audit.differences.length === 0 ? 0 : 1;
        }
        io.out(`ledger of ${customerStream(tenant, customer)} in ${source}`);
        io.out(['rev', 'position', 'occurred at', 'event', 'points', 'why', 'balance', 'tier', 'stage', 'program rev', 'decided again'].join('\t'));
        for (const line of lines) {
          io.out(
            [
              line.revision,
              line.position,
              line.occurredAt,
              line.type,
              line.points === 0 ? '' : line.points > 0 ? `+${line.points}` : String(line.points),
              line.why ?? '',
              line.balance,
              line.tier ?? '-',
              line.stage,
              line.programRevision ?? '-',
              line.reproduced === null ? '-' : line.reproduced ? 'same' : 'DIFFERENT',
            ].join('\t'),
          );
        }
        return report(io, false, { title: '', summary: summarise(audit), differences: audit.differences, notices: audit.notices });
      }
      case 'export': {
        const out = resolve(required(values.out, '--out'));
        const bar = progress('export');
        const { manifest, audit } = await exportFromStore(store, scope, out, source, bar && (({ events, fraction }) => bar.update(events, fraction)));
        bar?.stop();
        return report(io, values.json, {
          title: `exported ${manifest.events} events of ${describeScope(scope)} to ${out}`,
          summary: [
            `files: ${manifest.files.events.name} (sha256 ${manifest.files.events.sha256}), ${manifest.files.ledger.name} (${manifest.files.ledger.lines - 1} ledger lines), ${manifest.files.index.name}, manifest.json`,
            ...summarise(audit),
          ],
          differences: audit.differences,
          notices: audit.notices,
          json: { dir: out, files: manifest.files, lineChain: manifest.lineChain },
        });
      }
      case 'balance': {
        const customer = required(customerId, '--customer');
        const asOf = values['as-of'] ?? new Date().toISOString();
        if (Number.isNaN(Date.parse(asOf))) throw new CliError(`--as-of: "${asOf}" is not an ISO 8601 instant`);
        const events = await store.readStream(customerStream(tenant, customer));
        if (events.length === 0) throw new CliError(`customer ${customer} of tenant ${tenant} has no ledger in ${source}`);
        const balance = balanceAsOf(customer, events.map((event) => ({ type: event.type, data: event.data }) as CustomerEvent), asOf);
        if (values.json) io.out(JSON.stringify(balance, null, 2));
        else io.out(`${customer} as of ${asOf}: ${balance.points} points, tier ${balance.tier ?? '-'} (earned ${balance.lifetimeEarned}, redeemed ${balance.lifetimeRedeemed}, reversed ${balance.lifetimeReversed})`);
        return 0;
      }
      default:
        throw new CliError(`unknown command "ledger ${command}"\n\n${USAGE}`);
    }
  } finally {
    await closeQuietly(store);
  }
}

function parseCli(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tenant: { type: 'string', short: 't' },
        customer: { type: 'string', short: 'c' },
        export: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'as-of': { type: 'string' },
        role: { type: 'string' },
        stores: { type: 'string' },
        'key-id': { type: 'string' },
        json: { type: 'boolean' },
        'no-read-model': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new CliError(`${option} is required`);
  return value;
}

const describeStore = (spec: EventStoreSpec) => (spec.kind === 'esdb' ? `esdb ${maskCredentials(spec.url)}` : `sqlite ${spec.file}`);

const describeScope = (scope: { tenant: string; customerId?: string }) =>
  scope.customerId === undefined ? `tenant ${scope.tenant}` : `customer ${scope.customerId} of tenant ${scope.tenant}`;

function summarise(audit: AuditResult): string[] {
  const { decisions, reproduced, chained } = audit.totals;
  return [
    `${audit.events} events in ${audit.streams} streams; ${audit.totals.customers} customer ledgers; ${audit.programRevisions} program revisions`,
    `decisions decided again under their program revision: ${reproduced} of ${decisions} reproduced`,
    `hash chains: ${chained} of ${audit.streams} streams chained${audit.streams === 1 && audit.chains.length === 1 ? ` (${describeChain(audit.chains[0])})` : ''}`,
  ];
}

function report(
  io: CliIo,
  json: boolean | undefined,
  content: { title: string; summary: string[]; differences: Difference[]; notices: Notice[]; json?: Record<string, unknown> },
): number {
  const ok = content.differences.length === 0;
  if (json) {
    io.out(JSON.stringify({ ok, ...content.json, summary: content.summary, differences: content.differences, notices: content.notices }, null, 2));
    return ok ? 0 : 1;
  }
  if (content.title) io.out(content.title);
  for (const line of content.summary) io.out(`  ${line}`);
  for (const notice of content.notices.slice(0, PRINTED_DIFFERENCES)) io.out(`  note: ${notice.message}`);
  if (content.notices.length > PRINTED_DIFFERENCES) io.out(`  note: … and ${content.notices.length - PRINTED_DIFFERENCES} more notes`);
  if (ok) {
    io.out('OK: everything agrees');
    return 0;
  }
  io.out(`FAILED: ${content.differences.length} difference${content.differences.length === 1 ? '' : 's'}`);
  for (const difference of content.differences.slice(0, PRINTED_DIFFERENCES)) io.out(`  ${describeDifference(difference)}`);
  if (content.differences.length > PRINTED_DIFFERENCES) {
    io.out(`  … and ${content.differences.length - PRINTED_DIFFERENCES} more (--json lists them all)`);
  }
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
