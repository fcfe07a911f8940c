import type { OffersAnswer, OffersDashboardAnswer, OfferTotals, Program, ProgramOffer } from '../answers';
import type { Received } from '../api';
import { AsOf } from '../components/as-of';
import { Cell } from '../components/figure';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatDay, formatInstant, formatMoney, formatNumber } from '../format';
import { useLoad } from '../load';
import { localToday, status } from './campaigns';

interface OffersLoaded {
  list: Received<OffersAnswer>;
  /** What each offer and tier discount took off, from the offers dashboard: for the roles that see dashboards. */
  dashboard: Received<OffersDashboardAnswer> | null;
}

/** What an offer gives, in words: "3 for Rp 70,000 on KOPI", "10% off drinks", "Rp 50,000 off from Rp 350,000". */
export function offerText(offer: ProgramOffer, currency: string, locale?: string): string {
  const money = (amount: number) => formatMoney(amount, currency, locale);
  if (offer.kind === 'bundle' && offer.quantity !== undefined && offer.price !== undefined) {
    return `${formatNumber(offer.quantity, locale)} for ${money(offer.price)} on ${offer.sku ?? offer.category}`;
  }
  if (offer.kind === 'percentOff' && offer.percent !== undefined) return `${formatNumber(offer.percent, locale)}% off ${offer.category ?? 'the basket'}`;
  if (offer.kind === 'amountOff' && offer.amount !== undefined) return `${money(offer.amount)} off${offer.minSpend ? ` from ${money(offer.minSpend)}` : ''}`;
  return offer.kind;
}

/** Who may use an offer: its tiers, segment and stores (members only, always). */
export function offerFor(offer: ProgramOffer): string {
  return [offer.tiers ? `tiers ${offer.tiers.join(', ')}` : 'every member', offer.stores ? `at ${offer.stores.join(', ')}` : 'in every store']
    .concat(offer.segment ? [`segment ${offer.segment}`] : [])
    .join('; ');
}

function limitText(limit: number | undefined): string {
  if (limit === undefined) return 'no limit';
  return limit === 1 ? 'once' : `${formatNumber(limit)} purchases`;
}

/** The totals of a dashboard row, none when no purchase applied it. */
const NONE: OfferTotals = { receipts: 0, discount: 0, spend: 0 };

/**
 * The program's member-only offers (GET …/offers) and its tiers' card discounts, with the purchases
 * that applied each and what it took off where the key sees dashboards (GET …/dashboards/offers).
 */
export function Offers({ program }: { program: Program }) {
  const { session } = useConsole();
  const [loaded] = useLoad(async (): Promise<OffersLoaded> => {
    const seesDashboards = session.role === 'admin' || session.role === 'analyst';
    const [list, dashboard] = await Promise.all([
      session.api.get<OffersAnswer>('offers'),
      seesDashboards ? session.api.get<OffersDashboardAnswer>('dashboards/offers') : Promise.resolve(null),
    ]);
    return { list, dashboard };
  }, []);
  const today = localToday(program.timeZone);
  const money = (amount: number) => formatMoney(amount, program.currency);
  return (
    <section aria-labelledby="offers-title">
      <h2 id="offers-title">Member-only offers</h2>
      <Show loaded={loaded}>
        {({ list, dashboard }) => {
          const discounted = program.tiers.filter((tier) => tier.discountPercent !== undefined).map((tier) => ({ tier: tier.name, percent: tier.discountPercent ?? null }));
          // A tier whose discount a later revision took away still has the purchases it gave one.
          for (const row of dashboard?.tierDiscounts ?? []) if (!discounted.some((tier) => tier.tier === row.tier)) discounted.push({ tier: row.tier, percent: null });
          return (
            <>
              {list.offers.length === 0 ? (
                <p class="hint">No offer yet.</p>
              ) : (
                <div class="scroll">
                  <table data-table="offers">
                    <caption>Offers of the program, newest window first (each store's local dates)</caption>
                    <thead>
                      <tr>
                        <th scope="col">offer</th>
                        <th scope="col">window</th>
                        <th scope="col">status</th>
                        <th scope="col">gives</th>
                        <th scope="col">for</th>
                        <th scope="col">limit per member</th>
                        {dashboard && <th scope="col">purchases</th>}
                        {dashboard && <th scope="col">taken off</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {[...list.offers]
                        .sort((a, b) => (a.from === b.from ? a.offerId.localeCompare(b.offerId) : a.from < b.from ? 1 : -1))
                        .map((offer) => {
                          const figures = dashboard?.offers.find((row) => row.offerId === offer.offerId) ?? NONE;
                          return (
                            <tr data-offer={offer.offerId}>
                              <th scope="row">
                                {offer.name} <code>{offer.offerId}</code>
                              </th>
                              <td>
                                <time dateTime={offer.from}>{formatDay(offer.from)}</time> – <time dateTime={offer.to}>{formatDay(offer.to)}</time>
                              </td>
                              <td data-status>
                                {status(offer, today)}
                                {offer.endedAt && <> {formatInstant(offer.endedAt, program.timeZone)}</>}
                              </td>
                              <td data-gives>{offerText(offer, program.currency)}</td>
                              <td data-for>{offerFor(offer)}</td>
                              <Cell value={offer.limitPerMember ?? null} text={limitText(offer.limitPerMember)} />
                              {dashboard && <Cell value={figures.receipts} text={formatNumber(figures.receipts)} />}
                              {dashboard && <Cell value={figures.discount} text={money(figures.discount)} />}
                            </tr>
                          );
                        })}
                    </tbody>
                  </table>
                </div>
              )}
              <AsOf answer={list} source="the program's stream" />
              {discounted.length > 0 && (
                <table data-table="tier-discounts">
                  <caption>The membership card's discount: off every purchase of the tier's members, after their offers</caption>
                  <thead>
                    <tr>
                      <th scope="col">tier</th>
                      <th scope="col">discount</th>
                      {dashboard && <th scope="col">purchases</th>}
                      {dashboard && <th scope="col">taken off</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {discounted.map(({ tier, percent }) => {
                      const figures = dashboard?.tierDiscounts.find((row) => row.tier === tier) ?? NONE;
                      return (
                        <tr data-tier={tier}>
                          <th scope="row">{tier}</th>
                          <Cell value={percent} text={percent === null ? 'none now' : `${formatNumber(percent)}%`} />
                          {dashboard && <Cell value={figures.receipts} text={formatNumber(figures.receipts)} />}
                          {dashboard && <Cell value={figures.discount} text={money(figures.discount)} />}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
              {dashboard && <AsOf answer={dashboard} />}
            </>
          );
        }}
      </Show>
    </section>
  );
}
