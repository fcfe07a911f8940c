import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  accessStream,
  evolveAccess,
  initialAccessState,
  KeyNotFound,
  PLATFORM_SCOPE,
  ReservedTenantId,
  storedHash,
  TenantAlreadyExists,
  TenantNotFound,
} from '@setia/domain';
import type { AccessEvent, AccessState, ApiKeyRecord, KeyRole, Role } from '@setia/domain';
import { EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { ConfigError, formatApiKey, parseApiKey } from '@setia/platform';
import { CLOCK } from './clock';
import type { Clock } from './clock';
import { envelope } from './envelope';
import { KeyedLock } from './keyed-lock';

const MAX_ATTEMPTS = 5;
/** Keys remembered as verified (see authenticate); forgotten all at once past this many. */
const MAX_VERIFIED_KEYS = 10_000;

/** The caller behind a request: a key that exists, is not revoked and matched its hash. */
export interface Principal {
  keyId: string;
  role: Role;
  /** The key's tenant; undefined for platform keys. */
  tenant?: string;
  stores?: string[];
  /** For a member (role member): the customer they are, and the only one they may act for. */
  customerId?: string;
}

/**
 * An operator at the command line holds no key; what they do is recorded as done by
 * `operator:<user>`, with the powers of the platform.
 */
export const operatorPrincipal = (user: string): Principal => ({ keyId: `operator:${user}`, role: 'platform' });

/**
 * What is wrong with a request for a new key, if anything (the API and the CLI ask the same):
 * platform keys exist only in the platform scope and it holds nothing else; only pos keys have stores.
 */
export function keyRequestProblem(scope: string, role: KeyRole, stores: readonly string[] | undefined): { field: 'role' | 'stores'; message: string } | undefined {
  if ((scope === PLATFORM_SCOPE) !== (role === 'platform')) {
    return { field: 'role', message: 'platform keys are made in the platform scope (/v1/tenants/platform/keys), and only there' };
  }
  if (stores !== undefined && role !== 'pos') return { field: 'stores', message: 'stores is for pos keys only' };
  return undefined;
}

/** A key as the keys API lists it: everything but the hash. */
export type KeyListing = Omit<ApiKeyRecord, 'hash'> & { revoked: boolean };

type LoadedAccess = AccessState & { streamRevision: number; lastHash: string | null };

/**
 * SHA-256, not a slow password hash: the secret is 32 random bytes, so there is nothing to guess
 * from a leaked hash, and every request can afford to check it.
 */
export const hashApiKey = (key: string) => hash('sha256', key, 'hex');

/**
 * API keys and tenants, as events in `access-<tenant>` and `access-platform`. Like the program,
 * each stream is folded once and then refreshed by reading only the events after the cached
 * revision, so a key created or revoked through any API process counts on the next request
 * everywhere.
 */
@Injectable()
export class AccessRegistry {
  private readonly cache = new Map<string, LoadedAccess>();
  private readonly lock = new KeyedLock();
  /**
   * Keys that matched their hash, with the access state they were checked against. While the
   * scope's access stream has no new event (load gives the same state), the key's principal stands
   * without hashing the key again; a new event (a revocation) makes the check run again.
   */
  private readonly verified = new Map<string, { access: LoadedAccess; principal: Principal }>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The principal of a key, or undefined when the key is malformed, unknown or revoked. */
  async authenticate(key: string): Promise<Principal | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const access = await this.load(parsed.scope);
    const verified = this.verified.get(key);
    if (verified?.access === access) return verified.principal;
    const record = access.keys.get(parsed.keyId);
    if (!record || record.revokedAt !== undefined) return undefined;
    const given = hash('sha256', key, 'buffer');
    if (!timingSafeEqual(given, Buffer.from(record.hash, 'hex'))) return undefined;
    const tenant = parsed.scope === PLATFORM_SCOPE ? undefined : parsed.scope;
    const principal: Principal = { keyId: record.keyId, role: record.role, ...(tenant && { tenant }), ...(record.stores && { stores: record.stores }) };
    if (this.verified.size >= MAX_VERIFIED_KEYS) this.verified.clear();
    this.verified.set(key, { access, principal });
    return principal;
  }

  /** A new tenant; a sandbox one has a clock of its own, which starts now (tenant-clock.ts). */
  async createTenant(tenant: string, by: Principal, options: { sandbox?: boolean } = {}): Promise<void> {
    if (tenant === PLATFORM_SCOPE) throw new ReservedTenantId(tenant);
    await this.append(tenant, (state) => {
      if (state.tenantCreated) throw new TenantAlreadyExists(tenant);
      return [{ type: 'TenantCreated', data: { tenantId: tenant, createdBy: by.keyId, createdAt: this.clock.now(), ...(options.sandbox && { sandbox: true }) } }];
    }, by);
  }

  /** When a sandbox tenant was created (its clock's start); null for any other tenant. */
  async sandboxSince(tenant: string): Promise<string | null> {
    return tenant === PLATFORM_SCOPE ? null : (await this.load(tenant)).sandboxSince;
  }

  async tenantExists(tenant: string): Promise<boolean> {
    return tenant !== PLATFORM_SCOPE && (await this.load(tenant)).tenantCreated;
  }

  /**
   * A new key of a tenant (or, with scope `platform`, a platform key); the answer is the only
   * place the key itself ever appears.
   */
  async createKey(tenant: string, role: KeyRole, stores: string[] | undefined, by: Principal): Promise<{ keyId: string; key: string }> {
    const keyId = `${tenant}.${randomBytes(8).toString('hex')}`;
    const key = formatApiKey(keyId, randomBytes(32).toString('base64url'));
    await this.append(tenant, (state) => {
      if (!exists(tenant, state)) throw new TenantNotFound(tenant);
      return [keyCreated(keyId, role, stores, hashApiKey(key), by.keyId, this.clock.now())];
    }, by);
    return { keyId, key };
  }

  async listKeys(tenant: string): Promise<KeyListing[]> {
    const state = await this.load(tenant);
    if (!exists(tenant, state)) throw new TenantNotFound(tenant);
    return [...state.keys.values()].map(({ hash: _hash, ...key }) => ({ ...key, revoked: key.revokedAt !== undefined }));
  }

  /** Revokes a key of the tenant; revoking it again records nothing. */
  async revokeKey(tenant: string, keyId: string, by: Principal): Promise<KeyListing> {
    await this.append(tenant, (state) => {
      if (!exists(tenant, state)) throw new TenantNotFound(tenant);
      const key = state.keys.get(keyId);
      if (!key) throw new KeyNotFound(keyId);
      return key.revokedAt !== undefined ? [] : [{ type: 'KeyRevoked', data: { keyId, revokedBy: by.keyId, revokedAt: this.clock.now() } }];
    }, by);
    const { hash: _hash, ...key } = (await this.load(tenant)).keys.get(keyId)!;
    return { ...key, revoked: true };
  }

  /**
   * At start-up: makes sure the platform key given in SETIA_ADMIN_KEY exists (recorded once), or,
   * without it, that some platform key does, generating one when none exists. Returns the
   * generated key so start-up can print it once.
   */
  async ensurePlatformKey(adminKey: string | undefined): Promise<{ generated?: string }> {
    const bootstrap: Principal = { keyId: 'bootstrap', role: 'platform' };
    let generated: string | undefined;
    await this.append(PLATFORM_SCOPE, (state) => {
      generated = undefined;
      const now = this.clock.now();
      if (adminKey !== undefined) {
        const { keyId } = parseApiKey(adminKey)!;
        const existing = state.keys.get(keyId);
        if (existing && existing.hash !== hashApiKey(adminKey)) {
          throw new ConfigError('SETIA_ADMIN_KEY', 'has the id of another platform key with another secret: make a new key');
        }
        return existing ? [] : [keyCreated(keyId, 'platform', undefined, hashApiKey(adminKey), bootstrap.keyId, now)];
      }
      if ([...state.keys.values()].some((key) => key.revokedAt === undefined)) return [];
      const keyId = `${PLATFORM_SCOPE}.${randomBytes(8).toString('hex')}`;
      generated = formatApiKey(keyId, randomBytes(32).toString('base64url'));
      return [keyCreated(keyId, 'platform', undefined, hashApiKey(generated), bootstrap.keyId, now)];
    }, bootstrap);
    return { generated };
  }

  /** Decide against the stream's state and append with its revision; retried on a concurrent write. */
  private async append(scope: string, decide: (state: AccessState) => AccessEvent[], by: Principal): Promise<void> {
    await this.lock.run(scope, async () => {
      for (let attempt = 1; ; attempt++) {
        const state = await this.load(scope);
        const events = decide(state);
        if (events.length === 0) return;
        try {
          await this.store.appendToStream(
            accessStream(scope),
            // Random command ids: two processes deciding the same revision differently must not look like one retried write.
            envelope(events, `access:${state.streamRevision + 1}:${randomBytes(8).toString('hex')}`, { tenant: scope, principal: by.keyId }, state.lastHash),
            { expectedRevision: state.streamRevision < 0 ? 'no_stream' : state.streamRevision },
          );
          return;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  private async load(scope: string): Promise<LoadedAccess> {
    let state = this.cache.get(scope) ?? { ...initialAccessState(), streamRevision: -1, lastHash: null };
    const newer = await this.store.readStream(accessStream(scope), { fromRevision: state.streamRevision + 1 });
    for (const event of newer) {
      state = { ...evolveAccess(state, event as unknown as AccessEvent), streamRevision: event.revision, lastHash: storedHash(event) };
    }
    if (newer.length > 0) this.cache.set(scope, state);
    return state;
  }
}

/** The platform's own keys live in `access-platform`, which has no TenantCreated. */
const exists = (scope: string, state: AccessState) => scope === PLATFORM_SCOPE || state.tenantCreated;

function keyCreated(keyId: string, role: KeyRole, stores: string[] | undefined, hash: string, createdBy: string, createdAt: string): AccessEvent {
  return { type: 'KeyCreated', data: { keyId, role, ...(stores && { stores }), hash, createdBy, createdAt } };
}
