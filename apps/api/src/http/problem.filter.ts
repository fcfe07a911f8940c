import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { DomainError } from '@setia/domain';
import { AppendTooLarge, WrongExpectedRevision } from '@setia/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestLine } from '@setia/platform';
import { BODY_LIMIT_BYTES } from './create-http-app';

const STATUS_OF_CATEGORY = { rejected: HttpStatus.UNPROCESSABLE_ENTITY, conflict: HttpStatus.CONFLICT, not_found: HttpStatus.NOT_FOUND } as const;

/**
 * The one place errors become HTTP answers: domain errors by category, HTTP errors as they are,
 * anything else as a 500 without internals (the detail goes to the log).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.answer(error, host.switchToHttp().getRequest<FastifyRequest>().id);
    void reply.status(status).send(body);
  }

  private answer(error: unknown, requestId: string): { status: number; body: Record<string, unknown> } {
    if (error instanceof DomainError) {
      const status = STATUS_OF_CATEGORY[error.category];
      return { status, body: { statusCode: status, error: error.name, message: error.message, field: error.field } };
    }
    if (error instanceof WrongExpectedRevision) {
      return {
        status: HttpStatus.CONFLICT,
        body: { statusCode: 409, error: 'Conflict', message: 'the customer changed at the same time, please retry' },
      };
    }
    if (error instanceof AppendTooLarge) {
      const limit = error.maxBytes === undefined ? '' : ` (${error.maxBytes} bytes)`;
      const message = `what this request would record is larger than the event store takes in one write${limit}; nothing was recorded`;
      return { status: HttpStatus.PAYLOAD_TOO_LARGE, body: { statusCode: 413, error: 'Payload Too Large', message } };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
        const message = `the request body is larger than the ${BODY_LIMIT_BYTES / (1024 * 1024)} MiB limit`;
        return { status, body: { statusCode: status, error: 'Payload Too Large', message } };
      }
      const body = typeof response === 'string' ? { statusCode: status, message: response } : (response as Record<string, unknown>);
      return { status, body: { statusCode: status, ...body } };
    }
    this.logger.error({ requestId, message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RequestLine);
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'something went wrong on our side' } };
  }
}
