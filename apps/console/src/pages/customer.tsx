import { useState } from 'preact/hooks';
import type { BalanceAnswer, CustomerView, LedgerAnswer, LedgerEntry, ProfileAnswer } from '../answers';
import type { Received } from '../api';
import { AsOf } from '../components/as-of';
import { Figure } from '../components/figure';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatInstant, formatMoney, formatNumber } from '../format';
import { describeLedgerEntry } from '../ledger-words';
import { explain, useLoad } from '../load';
import { routeHref } from '../route';

/** A customer: balance, tier and stage; the ledger as a timeline; the balance as of a date. */
export function Customer({ customerId }: { customerId: string }) {
  const { session } = useConsole();
  const readsLedger = session.role === 'admin' || session.role === 'auditor';
  const readsProfile = session.role === 'admin' || session.role === 'analyst';
  return (
    <section aria-labelledby="page-title">
      <p>
        <a href={routeHref(['customers'])}>← Customers</a>
      </p>
      <h1 id="page-title">Customer {customerId}</h1>
      {readsLedger ? <FromLedger customerId={customerId} /> : <Profile customerId={customerId} />}
      {readsLedger && readsProfile && <Profile customerId={customerId} heading="In the read models" />}
      {readsLedger ? <Ledger customerId={customerId} /> : <p class="hint">The ledger is shown to admin and auditor keys.</p>}
      {readsLedger && <BalanceAsOf customerId={customerId} />}
    </section>
  );
}

function FromLedger({ customerId }: { customerId: string }) {
  const { session, program } = useConsole();
  const [loaded] = useLoad(() => session.api.get<CustomerView>(`customers/${encodeURIComponent(customerId)}`), [customerId]);
  const currency = program?.program.currency ?? 'IDR';
  return (
    <Show loaded={loaded}>
      {(customer) => (
        <dl class="figures" data-source="ledger">
          <Figure id="points" label="Balance" value={customer.points} text={`${formatNumber(customer.points)} points`}>
            <AsOf answer={customer} source="the ledger" />
          </Figure>
          <Figure id="tier" label="Tier" value={null} text={customer.tier ?? 'not a member'}>
            <AsOf answer={customer} source="the ledger" />
          </Figure>
          <Figure id="stage" label="Stage" value={null} text={String(customer.stage)}>
            <AsOf answer={customer} source="the ledger" />
          </Figure>
          <Figure id="spend" label="Spend, net of returns" value={customer.totalSpend as number} text={formatMoney(customer.totalSpend as number, currency)}>
            <AsOf answer={customer} source="the ledger" />
          </Figure>
          {customer.personalDataErased === true && <p class="hint">This customer asked to be forgotten: their personal data reads as erased.</p>}
        </dl>
      )}
    </Show>
  );
}

function Profile({ customerId, heading }: { customerId: string; heading?: string }) {
  const { session, program } = useConsole();
  const [loaded] = useLoad(() => session.api.get<ProfileAnswer>(`customers/${encodeURIComponent(customerId)}/profile`), [customerId]);
  const currency = program?.program.currency ?? 'IDR';
  const zone = program?.program.timeZone ?? 'UTC';
  return (
    <section aria-label={heading ?? 'Profile'}>
      {heading && <h2>{heading}</h2>}
      <Show loaded={loaded}>
        {(answer) => {
          const customer = answer.customer;
          return (
            <dl class="figures" data-source="read-model">
              <Figure id="profile-points" label="Balance" value={customer.points} text={`${formatNumber(customer.points)} points`}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="profile-tier" label="Tier" value={null} text={customer.tier ?? 'not a member'}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="profile-stage" label="Stage" value={null} text={customer.stage ?? '–'}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="profile-purchases" label="Purchases" value={customer.purchaseCount} text={formatNumber(customer.purchaseCount)} note={`spend ${formatMoney(customer.totalSpend, currency)}`}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="profile-last-purchase" label="Last purchase" value={null} text={customer.lastPurchaseAt ? formatInstant(customer.lastPurchaseAt, zone) : '–'} note={customer.lastPurchaseStoreId ?? undefined}>
                <AsOf answer={answer} />
              </Figure>
            </dl>
          );
        }}
      </Show>
    </section>
  );
}

/** The ledger, oldest first, as the API pages it. */
function Ledger({ customerId }: { customerId: string }) {
  const { session } = useConsole();
  const [pages, setPages] = useState(1);
  const [loaded] = useLoad(async () => {
    const events: LedgerEntry[] = [];
    let next: number | null = 0;
    let last: Received<LedgerAnswer> | undefined;
    for (let page = 0; page < pages && next !== null; page++) {
      last = await session.api.get<LedgerAnswer>(`customers/${encodeURIComponent(customerId)}/ledger`, { fromRevision: next, limit: 200 });
      events.push(...last.events);
      next = last.nextRevision;
    }
    return { events, next, receivedAt: last?.receivedAt ?? Date.now() };
  }, [customerId, pages]);
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">Ledger</h2>
      <Show loaded={loaded}>
        {({ events, next, receivedAt }) => (
          <>
            <ol class="timeline" data-timeline={customerId}>
              {events.map((event) => (
                <TimelineEntry event={event} />
              ))}
            </ol>
            {next !== null && (
              <button type="button" onClick={() => setPages(pages + 1)}>
                Older events follow: show 200 more
              </button>
            )}
            <AsOf answer={{ receivedAt }} source="the ledger" />
          </>
        )}
      </Show>
    </section>
  );
}

function TimelineEntry({ event }: { event: LedgerEntry }) {
  const { program } = useConsole();
  const stores = program?.program.stores ?? [];
  const storeId = typeof event.data.storeId === 'string' ? event.data.storeId : undefined;
  const zone = stores.find((store) => store.storeId === storeId)?.timeZone ?? program?.program.timeZone ?? 'UTC';
  const when = typeof event.data.occurredAt === 'string' ? event.data.occurredAt : event.recordedAt;
  return (
    <li data-revision={event.revision} data-type={event.type}>
      <p class="when">
        <time dateTime={when}>{formatInstant(when, zone)}</time>
        {storeId && <span> at {storeId}</span>}
      </p>
      <p class="what">
        <strong>{event.type}</strong> {describeLedgerEntry(event, program?.program.currency ?? 'IDR')}
      </p>
      <p class="meta">
        revision {event.revision}
        {typeof event.data.programRevision === 'number' && <span data-program-revision={event.data.programRevision}>, decided under program revision {event.data.programRevision}</span>}
      </p>
    </li>
  );
}

function BalanceAsOf({ customerId }: { customerId: string }) {
  const { session, program } = useConsole();
  const [day, setDay] = useState('');
  const [answer, setAnswer] = useState<Received<BalanceAnswer> | string | null>(null);
  const zone = program?.program.timeZone ?? 'UTC';
  return (
    <section aria-labelledby="balance-title">
      <h2 id="balance-title">Balance as of a date</h2>
      <form
        class="filters"
        method="post"
        onSubmit={async (event) => {
          event.preventDefault();
          if (!day) return;
          // The end of that day in the tenant's zone, written with its offset.
          const asOf = endOfDayIn(day, zone);
          try {
            setAnswer(await session.api.get<BalanceAnswer>(`customers/${encodeURIComponent(customerId)}/balance`, { asOf }));
          } catch (error) {
            setAnswer(explain(error as Error));
          }
        }}
      >
        <label>
          End of
          <input type="date" name="asOf" value={day} onInput={(event) => setDay(event.currentTarget.value)} required />
        </label>
        <button type="submit">Show</button>
      </form>
      {typeof answer === 'string' && <p class="error" role="alert">{answer}</p>}
      {answer !== null && typeof answer === 'object' && (
        <dl class="figures" data-balance-as-of={answer.asOf}>
          <Figure id="balance-as-of" label={`Balance at the end of ${day} (${zone})`} value={answer.points} text={`${formatNumber(answer.points)} points`} note={answer.tier ? `tier ${answer.tier}` : 'no tier'}>
            <AsOf answer={answer} source="the ledger" />
          </Figure>
        </dl>
      )}
    </section>
  );
}

/** 23:59:59.999 of a local day in a zone, as an ISO 8601 instant with that zone's offset. */
export function endOfDayIn(day: string, timeZone: string): string {
  const guess = Date.parse(`${day}T23:59:59.999Z`);
  const offsetMinutes = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
    const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
    return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000) / 60_000;
  };
  const offset = Math.round(offsetMinutes(guess - offsetMinutes(guess) * 60_000));
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${day}T23:59:59.999${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
