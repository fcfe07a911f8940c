import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { throwError, timer } from 'rxjs';
import type { Observable } from 'rxjs';
import { retry } from 'rxjs/operators';
import { GenerationSwitched } from '@setia/read-store';

/** A read met a rebuild's switch this many times in a row: something else is wrong. */
const ATTEMPTS = 5;

/**
 * A GET whose read met a switch of the read models' generation (GenerationSwitched: MongoDB was
 * renaming the collections) runs again on the new generation, so an answer never mixes the two
 * nor misses a collection. Only GETs: they record nothing, so running one again is safe. Put on
 * the controllers that read the read models, not on every route: an interceptor wraps its routes
 * in an rxjs pipeline, which as a global one cost every purchase a good share of its CPU in the
 * HTTP bench.
 */
@Injectable()
export class GenerationSwitchInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || context.switchToHttp().getRequest<FastifyRequest>().method !== 'GET') return next.handle();
    return next.handle().pipe(
      retry({ count: ATTEMPTS, delay: (error: unknown, attempt: number) => (error instanceof GenerationSwitched ? timer(10 * attempt) : throwError(() => error)) }),
    );
  }
}
