import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessRegistry } from '@setia/application';
import type { Principal } from '@setia/application';
import { TENANT_ID_PATTERN } from '@setia/domain';
import type { Role } from '@setia/domain';
import { ALLOWED_ROLES } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_CONFIG } from './access-bootstrap';
import { BearerTokens, InvalidToken, IssuerKeysUnavailable, looksLikeToken } from './bearer-tokens';
import { RateLimiter } from './rate-limiter';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** Request body fields that name a store; a pos key limited to stores may only name its own. */
const STORE_FIELDS = ['storeId', 'homeStoreId'] as const;

/**
 * Every route needs a key (or, with an identity provider configured, a token) unless marked
 * @Public. In order: no, malformed, unknown or revoked key, or a token that fails its checks
 * → 401; over the key's rate → 429; a malformed tenant → 400 (as the tenant pipe would say);
 * another tenant's route → 404, so a key never learns whether another tenant exists; a role the
 * route does not allow → 403; a pos key naming a store outside its list → 403.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /** Set when a chain's identity provider is configured (SETIA_JWT_ISSUER). */
  private readonly tokens?: BearerTokens;

  constructor(
    private readonly reflector: Reflector,
    private readonly registry: AccessRegistry,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(ACCESS_CONFIG) config: SetiaConfig['access'],
  ) {
    if (config.jwt) this.tokens = new BearerTokens(config.jwt);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = this.reflector.getAllAndOverride<Role[] | 'public' | undefined>(ALLOWED_ROLES, [context.getHandler(), context.getClass()]);
    if (allowed === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const principal = await this.authenticate(request, reply);

    const wait = this.limiter.take(principal.keyId);
    if (wait > 0) {
      void reply.header('Retry-After', String(wait));
      throw new HttpException({ statusCode: 429, error: 'Too Many Requests', message: `this key sent too many requests: retry after ${wait} s` }, 429);
    }

    const tenant = (request.params as Record<string, string | undefined>).tenant;
    if (tenant !== undefined) {
      if (!TENANT_ID_PATTERN.test(tenant)) {
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'tenant must be lower-case letters, digits and _ (at most 64)', field: 'tenant' });
      }
      if (principal.role !== 'platform' && principal.tenant !== tenant) {
        throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no tenant ${tenant}` });
      }
    }
    if (!(allowed ?? []).includes(principal.role)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `${/^[aeiou]/.test(principal.role) ? 'an' : 'a'} ${principal.role} key may not do this` });
    }
    this.checkStores(principal, request.body);
    request.principal = principal;
    return true;
  }

  private async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (match && this.tokens && looksLikeToken(match[1])) return this.verifyToken(match[1], reply);
    const principal = match ? await this.registry.authenticate(match[1]) : undefined;
    if (principal) return principal;
    void reply.header('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException({
      statusCode: 401,
      error: 'Unauthorized',
      message: match ? 'the API key is unknown or revoked' : 'send an API key as Authorization: Bearer <key>',
    });
  }

  private async verifyToken(token: string, reply: FastifyReply): Promise<Principal> {
    try {
      return await this.tokens!.verify(token);
    } catch (error) {
      if (error instanceof IssuerKeysUnavailable) {
        throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', message: error.message });
      }
      if (!(error instanceof InvalidToken)) throw error;
      void reply.header('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error.message}"`);
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: error.message });
    }
  }

  private checkStores(principal: Principal, body: unknown): void {
    if (!principal.stores || typeof body !== 'object' || body === null) return;
    for (const field of STORE_FIELDS) {
      const storeId = (body as Record<string, unknown>)[field];
      if (typeof storeId === 'string' && !principal.stores.includes(storeId)) {
        throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `this key may not post for store ${storeId}`, field });
      }
    }
  }
}
