import { useState } from 'preact/hooks';
import type { CustomerListAnswer } from '../answers';
import { AsOf } from '../components/as-of';
import { Cell } from '../components/figure';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatInstant, formatMoney, formatNumber } from '../format';
import { explain, useLoad } from '../load';
import { navigate, routeHref } from '../route';
import type { Route } from '../route';

const DAY_MS = 86_400_000;

/** Roles that may look a card up (the till's view): the console's admin and auditor. */
const FINDS_BY_CARD = new Set(['admin', 'auditor']);

/**
 * Find a customer by id, or (admin, auditor) by the card they show; the at-risk list: customers
 * whose last purchase is older than N days, longest gone first.
 */
export function Customers({ route }: { route: Route }) {
  const { session } = useConsole();
  const [search, setSearch] = useState('');
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Customers</h1>
      <form
        class="search"
        method="post"
        role="search"
        aria-label="By id"
        onSubmit={(event) => {
          event.preventDefault();
          if (search.trim()) navigate(['customers', search.trim()]);
        }}
      >
        <label for="customer-search">Customer id</label>
        <input id="customer-search" name="customer" value={search} onInput={(event) => setSearch(event.currentTarget.value)} autocomplete="off" spellcheck={false} />
        <button type="submit">Open</button>
      </form>
      <p class="hint">The chain's id for the customer: the phone hash or CRM id the tills post.</p>
      {FINDS_BY_CARD.has(session.role) && <CardSearch />}
      {session.role === 'auditor' ? <p class="hint">Customer lists are for admin and analyst keys; an auditor opens a customer by id.</p> : <AtRisk route={route} />}
    </section>
  );
}

function AtRisk({ route }: { route: Route }) {
  const { session, program } = useConsole();
  const days = Number(route.query.get('days') ?? 60) || 60;
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const before = new Date(Math.floor((Date.now() - days * DAY_MS) / DAY_MS) * DAY_MS).toISOString();
  const [loaded] = useLoad(
    () => session.api.get<CustomerListAnswer>('customers', { lastPurchaseBefore: before, limit: 50, cursor }),
    [before, cursor],
  );
  const zone = program?.program.timeZone ?? 'UTC';
  const currency = program?.program.currency ?? 'IDR';
  return (
    <section aria-labelledby="at-risk-title">
      <h2 id="at-risk-title">At risk: no purchase for {days} days</h2>
      <form class="filters" method="post" onSubmit={(event) => event.preventDefault()}>
        <label>
          Days without a purchase
          <select name="days" value={String(days)} onChange={(event) => navigate(['customers'], { days: event.currentTarget.value })}>
            {[30, 60, 90, 180, 365].map((n) => (
              <option value={String(n)}>{n}</option>
            ))}
          </select>
        </label>
      </form>
      <Show loaded={loaded}>
        {(answer) => (
          <>
            <table data-table="at-risk">
              <thead>
                <tr>
                  <th scope="col">customer</th>
                  <th scope="col">stage</th>
                  <th scope="col">tier</th>
                  <th scope="col">points</th>
                  <th scope="col">purchases</th>
                  <th scope="col">spend</th>
                  <th scope="col">last purchase</th>
                </tr>
              </thead>
              <tbody>
                {answer.customers.map((customer) => (
                  <tr data-customer={customer.customerId}>
                    <th scope="row">
                      <a href={routeHref(['customers', customer.customerId])}>{customer.customerId}</a>
                    </th>
                    <td>{customer.stage ?? '–'}</td>
                    <td>{customer.tier ?? '–'}</td>
                    <Cell value={customer.points} text={formatNumber(customer.points)} />
                    <Cell value={customer.purchaseCount} text={formatNumber(customer.purchaseCount)} />
                    <Cell value={customer.totalSpend} text={formatMoney(customer.totalSpend, currency)} />
                    <td>{customer.lastPurchaseAt ? formatInstant(customer.lastPurchaseAt, zone) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {answer.customers.length === 0 && <p>Nobody: every customer bought within {days} days.</p>}
            <p class="pager">
              {cursor && (
                <button type="button" onClick={() => setCursor(undefined)}>
                  First page
                </button>
              )}
              {answer.nextCursor && (
                <button type="button" onClick={() => setCursor(answer.nextCursor!)}>
                  Next 50
                </button>
              )}
            </p>
            <AsOf answer={answer} />
          </>
        )}
      </Show>
    </section>
  );
}

/** A member found by their card, through the till's lookup (the card's blind index): their page opens. */
function CardSearch() {
  const { session } = useConsole();
  const [card, setCard] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  return (
    <form
      class="search"
      method="post"
      role="search"
      aria-label="By card"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!card.trim()) return;
        setProblem(undefined);
        try {
          const found = await session.api.get<{ customerId: string }>(`cards/${encodeURIComponent(card.trim())}`);
          navigate(['customers', found.customerId]);
        } catch (error) {
          setProblem(explain(error as Error));
        }
      }}
    >
      <label for="card-search">Card number</label>
      <input id="card-search" name="card" value={card} onInput={(event) => setCard(event.currentTarget.value)} autocomplete="off" spellcheck={false} inputMode="numeric" />
      <button type="submit">Find</button>
      {problem !== undefined && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
