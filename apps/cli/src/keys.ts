import { userInfo } from 'node:os';
import { AccessRegistry, keyRequestProblem, operatorPrincipal, systemClock } from '@setia/application';
import { openExistingStore } from '@setia/audit';
import { ID_PATTERN, PLATFORM_SCOPE, ROLES, TENANT_ID_PATTERN } from '@setia/domain';
import type { KeyRole } from '@setia/domain';
import type { SetiaConfig } from '@setia/platform';
import type { CliIo } from './cli-io';
import { CliError, closeQuietly } from './stores';

export interface KeysOptions {
  tenant?: string;
  role?: string;
  stores?: string;
  'key-id'?: string;
  json?: boolean;
}

/**
 * `setia keys create|list|revoke`: the keys API for an operator at the machine, on the configured
 * event store. The same KeyCreated / KeyRevoked events are recorded, by `operator:<user>`.
 */
export async function runKeys(command: string, options: KeysOptions, config: SetiaConfig, io: CliIo): Promise<number> {
  const tenant = options.tenant;
  if (!tenant) throw new CliError('--tenant is required (a tenant id, or platform for platform keys)');
  if (tenant !== PLATFORM_SCOPE && !TENANT_ID_PATTERN.test(tenant)) throw new CliError(`--tenant: "${tenant}" is not a tenant id`);
  const create = command === 'create' ? keyRequest(tenant, options) : undefined;
  if (command === 'revoke' && !options['key-id']) throw new CliError('--key-id is required');
  if (!['create', 'list', 'revoke'].includes(command)) throw new CliError(`unknown command "keys ${command}"`);

  const { store } = await openExistingStore(config.eventStore);
  try {
    const registry = new AccessRegistry(store, systemClock);
    const operator = operatorPrincipal(operatorName(io.env));
    if (create) {
      const { keyId, key } = await registry.createKey(tenant, create.role, create.stores, operator);
      const created = { keyId, key, role: create.role, stores: create.stores ?? null };
      if (options.json) io.out(JSON.stringify(created, null, 2));
      else io.out(`created ${create.role} key ${keyId}${create.stores ? ` for stores ${create.stores.join(', ')}` : ''}; the key is shown once, store it now:\n${key}`);
      return 0;
    }
    if (command === 'revoke') {
      const revoked = await registry.revokeKey(tenant, options['key-id']!, operator);
      if (options.json) io.out(JSON.stringify(revoked, null, 2));
      else io.out(`revoked ${revoked.role} key ${revoked.keyId} (by ${revoked.revokedBy} at ${revoked.revokedAt})`);
      return 0;
    }
    const keys = await registry.listKeys(tenant);
    if (options.json) {
      io.out(JSON.stringify({ tenant, keys }, null, 2));
      return 0;
    }
    io.out(['key id', 'role', 'stores', 'created at', 'created by', 'revoked at', 'revoked by'].join('\t'));
    for (const key of keys) {
      io.out([key.keyId, key.role, key.stores?.join(',') ?? '*', key.createdAt, key.createdBy, key.revokedAt ?? '-', key.revokedBy ?? '-'].join('\t'));
    }
    return 0;
  } finally {
    await closeQuietly(store);
  }
}

function keyRequest(tenant: string, options: KeysOptions): { role: KeyRole; stores?: string[] } {
  const role = options.role as KeyRole | undefined;
  if (!role || !ROLES.includes(role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
  const stores = options.stores?.split(',').map((store) => store.trim());
  const bad = stores?.find((store) => !ID_PATTERN.test(store));
  if (bad !== undefined) throw new CliError(`--stores: "${bad}" is not a store id (letters, digits and . _ : @ -, comma-separated)`);
  const problem = keyRequestProblem(tenant, role, stores);
  if (problem) throw new CliError(`--${problem.field}: ${problem.message}`);
  return { role, ...(stores && { stores }) };
}

/** Who is at the command line, as the operating system knows them. */
function operatorName(env: CliIo['env']): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the shell's word for it.
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
}
