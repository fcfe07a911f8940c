import { Controller, Get, Inject, Query as QueryString, UnprocessableEntityException } from '@nestjs/common';
import { Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FeedbackSubmitted } from '@setia/domain';
import { EVENT_STORE, NotAPosition } from '@setia/event-store';
import type { EventStore, RecordedEvent } from '@setia/event-store';
import { PersonalData } from '@setia/personal-data';
import { Allow } from '@setia/platform';
import { ID_PATTERN } from '../http/fields';
import { TenantParam } from '../http/params';
import { pageNumber } from '../http/paging';
import { textParam } from '../read-models/read-model.params';

/** Events read per page, at most: a page's work is bounded however rare comments are. */
export const COMMENT_SCAN_LIMIT = 5_000;

export interface FeedbackComment {
  customerId: string;
  feedbackId: string;
  storeId: string;
  nps: number;
  csat: number | null;
  comment: string;
  occurredAt: string;
  position: string;
}

export interface FeedbackCommentsPage {
  comments: FeedbackComment[];
  /** Events read for this page. */
  scanned: number;
  /** Where to read on (older events), or null once the start of the store was reached. */
  nextBefore: string | null;
}

export class GetFeedbackComments extends Query<FeedbackCommentsPage> {
  constructor(readonly tenant: string, readonly limit: number, readonly storeId?: string, readonly before?: string) {
    super();
  }
}

/**
 * The latest feedback comments, newest first, read from the customers' ledgers (comments are
 * personal data: no read model holds them). A comment of a customer who asked to be forgotten
 * opens as null and is left out.
 */
@QueryHandler(GetFeedbackComments)
export class GetFeedbackCommentsHandler implements IQueryHandler<GetFeedbackComments> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly personalData: PersonalData) {}

  async execute({ tenant, limit, storeId, before }: GetFeedbackComments): Promise<FeedbackCommentsPage> {
    const prefix = `customer-${tenant}-`;
    const found: RecordedEvent[] = [];
    let scanned = 0;
    let after = before;
    let atStart = false;
    while (found.length < limit && scanned < COMMENT_SCAN_LIMIT) {
      const wanted = Math.min(1_000, COMMENT_SCAN_LIMIT - scanned);
      const page = await this.store
        .readAll({ direction: 'backwards', after, maxCount: wanted, streamFilter: (stream) => stream.startsWith(prefix) })
        .catch((error: unknown) => {
          // Well formed, but no position this store gave out (nextBefore is one).
          if (error instanceof NotAPosition) throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', message: 'before is not a nextBefore this API gave out', field: 'before' });
          throw error;
        });
      let read = 0;
      for (const event of page) {
        read += 1;
        after = event.position;
        const data = event.data as FeedbackSubmitted['data'];
        if (event.type === 'FeedbackSubmitted' && data.comment != null && (storeId === undefined || data.storeId === storeId)) found.push(event);
        if (found.length === limit) break;
      }
      scanned += read;
      // A short page read to its end is the start of the store.
      if (page.length < wanted && read === page.length) {
        atStart = true;
        break;
      }
    }
    const comments: FeedbackComment[] = [];
    for (const event of found) {
      const customerId = event.streamName.slice(prefix.length);
      const [opened] = await this.personalData.open(tenant, customerId, [event]);
      const data = opened.data as FeedbackSubmitted['data'];
      if (typeof data.comment !== 'string') continue;
      comments.push({
        customerId,
        feedbackId: data.feedbackId,
        storeId: data.storeId,
        nps: data.nps,
        csat: data.csat ?? null,
        comment: data.comment,
        occurredAt: data.occurredAt,
        position: event.position,
      });
    }
    return { comments, scanned, nextBefore: atStart ? null : (after ?? null) };
  }
}

@ApiTags('customers')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/tenants/:tenant/feedback/comments')
export class FeedbackCommentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: `The latest feedback comments, newest first (personal data: admin keys; erased ones left out). A page reads at most ${COMMENT_SCAN_LIMIT} events; nextBefore reads on`,
  })
  @ApiQuery({ name: 'storeId', required: false, schema: { type: 'string', pattern: ID_PATTERN.source } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
  @ApiQuery({ name: 'before', required: false, description: 'nextBefore of the previous page', schema: { type: 'string', pattern: '^[0-9A-Za-z:/_-]{1,64}$' } })
  comments(@TenantParam() tenant: string, @QueryString('storeId') storeId?: string, @QueryString('limit') limit?: string, @QueryString('before') before?: string) {
    return this.queries.execute(
      new GetFeedbackComments(tenant, pageNumber('limit', limit, 20, 1, 100), textParam('storeId', storeId, ID_PATTERN), textParam('before', before, /^[0-9A-Za-z:/_-]{1,64}$/)),
    );
  }
}
