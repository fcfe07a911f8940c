import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '@setia/application';
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
 * The request's id (x-request-id, create-http-app.ts): a command records it as its correlation
 * id, so each event it appends, and each message the relay publishes of it, names the request.
 */
export const RequestId = createParamDecorator((_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<FastifyRequest>().id);
