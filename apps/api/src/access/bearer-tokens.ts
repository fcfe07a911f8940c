import type { Principal } from '@setia/application';
import { ID_PATTERN, MEMBER_ROLE, TENANT_ROLES } from '@setia/domain';
import type { TenantRole } from '@setia/domain';
import type { JwtConfig } from '@setia/platform';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';

/** The claims that say what a token's bearer may do, as the identity provider must name them. */
const TOKEN_CLAIMS = { tenant: 'setia_tenant', role: 'setia_role', stores: 'setia_stores' } as const;

/** Signatures by the issuer's key pairs only: a shared-secret algorithm would let anyone holding the JWKS sign. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Clocks of the issuer and of Setia may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** A token that must be refused; the description goes into WWW-Authenticate (RFC 6750 `invalid_token`). */
export class InvalidToken extends Error {}

/** The issuer's keys could not be had: Setia's problem (or the issuer's), not the caller's. */
export class IssuerKeysUnavailable extends Error {}

/** A compact JWS (three base64url parts), as opposed to an API key, which starts with `setia_`. */
export const looksLikeToken = (credential: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);

/**
 * OAuth2/JWT bearer tokens of a chain's identity provider: signature checked against the issuer's
 * keys (its JWKS URL, fetched and refreshed when an unknown key id shows up, or a local JWKS
 * file), then issuer, audience, expiry and not-before; the Setia claims make the principal.
 * The issuer is one chain's identity provider, so its tokens act only in that chain's tenant, and
 * never as the platform: creating tenants stays with platform API keys.
 */
export class BearerTokens {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly config: JwtConfig) {
    // loadConfig has checked the file's shape as jose would.
    this.keys = 'url' in config.jwks ? createRemoteJWKSet(new URL(config.jwks.url)) : createLocalJWKSet(config.jwks.keySet as unknown as JSONWebKeySet);
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw refusal(error);
    }
    return principalOf(payload, this.config);
  }
}

function refusal(error: unknown): Error {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    return new IssuerKeysUnavailable('the identity provider\'s signing keys could not be fetched; retry later');
  }
  if (error instanceof errors.JWTExpired) return new InvalidToken('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason } = error;
    if (claim === 'iss') return new InvalidToken('the token was not issued by the configured issuer');
    if (claim === 'aud') return new InvalidToken('the token is not meant for this audience');
    if (claim === 'nbf') return new InvalidToken('the token is not valid yet');
    return new InvalidToken(`the token's ${claim} claim is ${reason === 'missing' ? 'missing' : 'invalid'}`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidToken('no signing key of the issuer matches the token');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidToken('the token\'s signature does not verify');
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidToken('the token is signed with an algorithm Setia does not accept');
  return new InvalidToken('the token is malformed');
}

/** Whether the token names a member: the `setia_role: member` claim, or no role and the configured member scope. */
function isMemberToken(payload: JWTPayload, member: JwtConfig['member']): boolean {
  if (payload[TOKEN_CLAIMS.role] !== undefined) return payload[TOKEN_CLAIMS.role] === MEMBER_ROLE;
  const scope = payload.scope;
  return member.scope !== undefined && typeof scope === 'string' && scope.split(' ').includes(member.scope);
}

/** What the bearer may do in the issuer's tenant, from the Setia claims; anything unexpected refuses the token. */
function principalOf(payload: JWTPayload, config: JwtConfig): Principal {
  const member = isMemberToken(payload, config.member);
  const role = payload[TOKEN_CLAIMS.role];
  if (!member && (typeof role !== 'string' || !TENANT_ROLES.includes(role as TenantRole))) {
    throw new InvalidToken(`the token's ${TOKEN_CLAIMS.role} claim must be one of ${[...TENANT_ROLES, MEMBER_ROLE].join(', ')}`);
  }
  const tenant = payload[TOKEN_CLAIMS.tenant];
  if (tenant !== config.tenant) {
    throw new InvalidToken(`the token's ${TOKEN_CLAIMS.tenant} claim must be ${config.tenant}, the tenant of the configured issuer`);
  }
  // jose only checks that sub is present; the audit trail needs a name to record.
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidToken('the token\'s sub claim must be a non-empty string naming who acts');
  const stores = payload[TOKEN_CLAIMS.stores];
  const validStores = Array.isArray(stores) && stores.length > 0 && stores.every((store) => typeof store === 'string' && ID_PATTERN.test(store));
  if (stores !== undefined && (role !== 'pos' || member || !validStores)) {
    throw new InvalidToken(`the token's ${TOKEN_CLAIMS.stores} claim must be a list of store ids, for the pos role only`);
  }
  if (member) {
    const customerId = payload[config.member.idClaim];
    if (typeof customerId !== 'string' || !ID_PATTERN.test(customerId)) {
      throw new InvalidToken(`the token's ${config.member.idClaim} claim must be the member's customer id (letters, digits and . _ : @ -)`);
    }
    // The member acts for themselves: recorded as member:<customer id>, rate-limited per member.
    return { keyId: `member:${customerId}`, role: MEMBER_ROLE, tenant, customerId };
  }
  return {
    keyId: `jwt:${payload.sub}`,
    role: role as TenantRole,
    tenant,
    ...(validStores && { stores: stores as string[] }),
  };
}
