import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { CommandContext, Principal } from '@setia/application';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access guard once the request's key is checked. */
    principal?: Principal;
  }
}

/** The principal of the request (the guard has checked it before any handler runs). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('no principal: the route lacks @Allow');
  return principal;
});

/**
 * Who acts in a command and why, as its events record it: the route's tenant, the caller's key (or
 * token subject) and the request's id as the correlation id. Every command of the API takes its
 * context from here, so none can leave one of them out.
 */
export const Acting = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!request.principal) throw new Error('no principal: the route lacks @Allow');
  return { tenant: (request.params as { tenant: string }).tenant, principal: request.principal.keyId, correlationId: request.id };
});
