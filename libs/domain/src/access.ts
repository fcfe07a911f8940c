import { DomainError } from './errors';
import { PLATFORM_SCOPE } from './streams';

/**
 * Access: API keys and what each may do. A key belongs to one tenant (or to the platform) and
 * carries one role; its lifecycle is recorded as events, so who could do what at any time is
 * part of the history like everything else.
 */
export const TENANT_ROLES = ['admin', 'pos', 'auditor', 'analyst'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
/** Every role a key may carry: one of a tenant's, or the platform's (keys in the platform's scope). */
export const ROLES = [...TENANT_ROLES, PLATFORM_SCOPE] as const;
/**
 * A member of the program acting for themselves, from the chain's identity provider (never an API
 * key): reads and does what is theirs only, under /v1/tenants/{t}/me.
 */
export const MEMBER_ROLE = 'member';
export type KeyRole = (typeof ROLES)[number];
export type Role = KeyRole | typeof MEMBER_ROLE;

export type AccessEvent =
  /** `sandbox`: a tenant for testing, whose clock an admin moves forward (tenant-clock.ts). */
  | { type: 'TenantCreated'; data: { tenantId: string; createdBy: string; createdAt: string; sandbox?: boolean } }
  | {
      type: 'KeyCreated';
      /** `hash` is the SHA-256 of the whole key; the key itself is never stored. */
      data: { keyId: string; role: KeyRole; stores?: string[]; hash: string; createdBy: string; createdAt: string };
    }
  | { type: 'KeyRevoked'; data: { keyId: string; revokedBy: string; revokedAt: string } };

export interface ApiKeyRecord {
  keyId: string;
  role: KeyRole;
  /** For pos keys: the stores it may post for; absent means every store of its tenant. */
  stores?: string[];
  hash: string;
  createdBy: string;
  createdAt: string;
  revokedBy?: string;
  revokedAt?: string;
}

export interface AccessState {
  tenantCreated: boolean;
  /** When the tenant is a sandbox: when it was created, the start of its clock. */
  sandboxSince: string | null;
  keys: Map<string, ApiKeyRecord>;
}

export const initialAccessState = (): AccessState => ({ tenantCreated: false, sandboxSince: null, keys: new Map() });

export function evolveAccess(state: AccessState, event: AccessEvent): AccessState {
  switch (event.type) {
    case 'TenantCreated':
      return { ...state, tenantCreated: true, sandboxSince: event.data.sandbox ? event.data.createdAt : null };
    case 'KeyCreated': {
      const keys = new Map(state.keys);
      keys.set(event.data.keyId, { ...event.data });
      return { ...state, keys };
    }
    case 'KeyRevoked': {
      const key = state.keys.get(event.data.keyId);
      if (!key) return state;
      const keys = new Map(state.keys);
      keys.set(key.keyId, { ...key, revokedBy: event.data.revokedBy, revokedAt: event.data.revokedAt });
      return { ...state, keys };
    }
  }
}

export class TenantAlreadyExists extends DomainError {
  readonly category = 'conflict';
  constructor(tenant: string) {
    super(`tenant ${tenant} already exists`, 'tenantId');
  }
}
export class TenantNotFound extends DomainError {
  readonly category = 'not_found';
  constructor(tenant: string) {
    super(`tenant ${tenant} does not exist: POST /v1/tenants with a platform key first`);
  }
}
export class KeyNotFound extends DomainError {
  readonly category = 'not_found';
  constructor(keyId: string) {
    super(`no key ${keyId} in this tenant`);
  }
}
export class ReservedTenantId extends DomainError {
  readonly category = 'rejected';
  constructor(tenant: string) {
    super(`tenantId ${tenant} is reserved`, 'tenantId');
  }
}
