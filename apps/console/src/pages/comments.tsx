import { useState } from 'preact/hooks';
import type { FeedbackCommentsAnswer } from '../answers';
import { AsOf } from '../components/as-of';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatInstant } from '../format';
import { useLoad } from '../load';
import { routeHref } from '../route';

/** The latest comments (admin keys: comments are personal data), newest first, in each store's zone. */
export function LatestComments({ storeId }: { storeId?: string }) {
  const { session, program } = useConsole();
  const [before, setBefore] = useState<string | undefined>(undefined);
  const [loaded] = useLoad(() => session.api.get<FeedbackCommentsAnswer>('feedback/comments', { storeId, limit: 20, before }), [storeId, before]);
  const zoneOf = (store: string) => program?.program.stores.find((s) => s.storeId === store)?.timeZone ?? program?.program.timeZone ?? 'UTC';
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Latest comments</h2>
      <Show loaded={loaded}>
        {(answer) => (
          <>
            {answer.comments.length === 0 ? (
              <p>No comment {before ? 'further back' : 'yet'}.</p>
            ) : (
              <ul class="comments" data-list="comments">
                {answer.comments.map((comment) => (
                  <li data-feedback={comment.feedbackId}>
                    <blockquote>{comment.comment}</blockquote>
                    <p class="meta">
                      NPS {comment.nps}
                      {comment.csat !== null && `, CSAT ${comment.csat}`} · <a href={routeHref(['customers', comment.customerId])}>{comment.customerId}</a> at {comment.storeId},{' '}
                      {formatInstant(comment.occurredAt, zoneOf(comment.storeId))}
                    </p>
                  </li>
                ))}
              </ul>
            )}
            <p class="pager">
              {before && (
                <button type="button" onClick={() => setBefore(undefined)}>
                  Latest
                </button>
              )}
              {answer.nextBefore && (
                <button type="button" onClick={() => setBefore(answer.nextBefore!)}>
                  Older comments
                </button>
              )}
            </p>
            <AsOf answer={answer} source="the ledgers" />
          </>
        )}
      </Show>
    </section>
  );
}
