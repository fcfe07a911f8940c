import { SetMetadata } from '@nestjs/common';
import { PLATFORM_SCOPE, TENANT_ID_PATTERN } from '@setia/domain';
import type { Role } from '@setia/domain';

/**
 * API keys look like `setia_<keyId>_<secret>`. The key id is `<scope>.<16 hex>`, where the scope
 * is the tenant the key belongs to or `platform`: the id says which access stream holds the key,
 * so checking a key is one tail read of one stream. The secret is 32 random bytes in base64url
 * (43 characters; 32 to 128 accepted, so an operator can make SETIA_ADMIN_KEY with openssl).
 * Ids have no `_`, so the secret (which may contain `_`) starts after the first `_` past the id.
 */
const API_KEY_PATTERN = /^setia_([a-z0-9][a-z0-9_]{0,63})\.([0-9a-f]{16})_([A-Za-z0-9_-]{32,128})$/;

export interface ParsedApiKey {
  keyId: string;
  /** The tenant of the key, or `platform`. */
  scope: string;
}

/** The key id and scope of a well-formed key; undefined for anything else. */
export function parseApiKey(key: string): ParsedApiKey | undefined {
  const match = API_KEY_PATTERN.exec(key);
  if (!match || (match[1] !== PLATFORM_SCOPE && !TENANT_ID_PATTERN.test(match[1]))) return undefined;
  return { keyId: `${match[1]}.${match[2]}`, scope: match[1] };
}

export const formatApiKey = (keyId: string, secret: string) => `setia_${keyId}_${secret}`;

export const ALLOWED_ROLES = 'setia:allowed-roles';

/** The roles that may call a route (or every route of a controller). Routes without it are refused. */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** A route anyone may call without a key: health checks. */
export const Public = () => SetMetadata(ALLOWED_ROLES, 'public');
