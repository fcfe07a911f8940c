import type { CohortsAnswer, FunnelAnswer, PurchaseCountsAnswer, StoreDailyAnswer } from '../answers';
import type { Received } from '../api';
import { AsOf } from '../components/as-of';
import { Chart } from '../components/chart';
import { Cell } from '../components/figure';
import { dayRange, FilterBar, filtersOf, monthRange } from '../components/filters';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatDay, formatMoney, formatMonth, formatNumber, formatRate } from '../format';
import { useLoad } from '../load';
import type { Route } from '../route';

interface RetentionAnswers {
  cohorts: Received<CohortsAnswer>;
  funnel: Received<FunnelAnswer>;
  counts: Received<PurchaseCountsAnswer>;
  days: Received<StoreDailyAnswer>;
}

/** Cohort retention as a heatmap, the buyer → customer → member funnel, purchase frequency, daily revenue per store. */
export function Retention({ route }: { route: Route }) {
  const { session, program } = useConsole();
  const filters = filtersOf(route, program?.program ?? null);
  const [loaded] = useLoad(async (): Promise<RetentionAnswers> => {
    const api = session.api;
    const [cohorts, funnel, counts, days] = await Promise.all([
      api.get<CohortsAnswer>('dashboards/cohorts', monthRange(filters)),
      api.get<FunnelAnswer>('dashboards/funnel', monthRange(filters)),
      api.get<PurchaseCountsAnswer>('dashboards/purchase-counts', { storeId: filters.storeId }),
      api.get<StoreDailyAnswer>('dashboards/store-daily', dayRange(filters)),
    ]);
    return { cohorts, funnel, counts, days };
  }, [filters.from, filters.to, filters.storeId]);
  const currency = program?.program.currency ?? 'IDR';
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Retention</h1>
      <FilterBar route={route} filters={filters} program={program?.program ?? null} />
      <Show loaded={loaded}>
        {({ cohorts, funnel, counts, days }) => (
          <>
            <Cohorts answer={cohorts} />
            <Funnel answer={funnel} />
            <section aria-labelledby="frequency-title">
              <h2 id="frequency-title">Purchase frequency</h2>
              <Chart
                id="purchase-counts"
                title={filters.storeId ? `Customers whose last purchase was at ${filters.storeId}, by number of purchases` : 'Customers by number of purchases'}
                kind="bars"
                xLabel="purchases"
                x={{ kind: 'categories', labels: counts.buckets.map(({ from, to }) => (to === null ? `${from}+` : from === to ? `${from}` : `${from}–${to}`)) }}
                series={[{ label: 'customers', values: counts.buckets.map((bucket) => bucket.customers) }]}
                format={(value) => formatNumber(value)}
              />
              <AsOf answer={counts} />
            </section>
            <StoreRevenue answer={days} currency={currency} />
          </>
        )}
      </Show>
    </section>
  );
}

/** A retention rate as a cell colour: the darker, the more of the cohort came back. */
function heat(rate: number | null): string {
  if (rate === null) return 'heat-none';
  return `heat-${Math.min(9, Math.floor(rate * 10))}`;
}

function Cohorts({ answer }: { answer: Received<CohortsAnswer> }) {
  const width = Math.max(1, ...answer.cohorts.map((cohort) => cohort.active.length));
  return (
    <section aria-labelledby="cohorts-title">
      <h2 id="cohorts-title">Cohort retention</h2>
      <p class="hint">Customers by month of first purchase; each cell is the share of the cohort who bought again k months later.</p>
      <div class="scroll">
        <table class="heatmap" data-chart="cohorts">
          <thead>
            <tr>
              <th scope="col">cohort</th>
              <th scope="col">customers</th>
              {Array.from({ length: width }, (_, k) => (
                <th scope="col">+{k}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {answer.cohorts.map((cohort) => (
              <tr data-cohort={cohort.cohortMonth}>
                <th scope="row">{formatMonth(cohort.cohortMonth)}</th>
                <Cell value={cohort.customers} text={formatNumber(cohort.customers)} />
                {Array.from({ length: width }, (_, k) => {
                  const rate = cohort.retention[k] ?? null;
                  return (
                    <td class={`number ${heat(rate)}`} data-k={k} title={`${formatNumber(cohort.active[k] ?? 0)} customers`}>
                      <data value={rate === null ? '' : String(rate)}>{rate === null ? '' : formatRate(rate)}</data>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AsOf answer={answer} />
    </section>
  );
}

function Funnel({ answer }: { answer: Received<FunnelAnswer> }) {
  const { totals } = answer;
  const steps = [
    { id: 'buyers', label: 'New buyers (first purchase)', value: totals.newBuyers, rate: null },
    { id: 'repeat', label: 'became customers (second purchase)', value: totals.newRepeatCustomers, rate: totals.buyerToRepeatRate },
    { id: 'members', label: 'became members after buying', value: totals.newMembersWhoBought, rate: totals.buyerToMemberRate },
  ];
  const widest = Math.max(1, totals.newBuyers);
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">Buyer → customer → member</h2>
      <ol class="funnel" data-chart="funnel">
        {steps.map((step) => (
          <li data-step={step.id}>
            <span class="bar" style={{ width: `${Math.max(2, (step.value / widest) * 100)}%` }} />
            <span class="label">
              <data value={String(step.value)}>{formatNumber(step.value)}</data> {step.label}
              {step.rate !== null && <> ({formatRate(step.rate)} of buyers)</>}
            </span>
          </li>
        ))}
      </ol>
      <p class="hint">{formatNumber(totals.newMembers)} members enrolled in the period, with or without a purchase first.</p>
      <AsOf answer={answer} />
    </section>
  );
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function StoreRevenue({ answer, currency }: { answer: Received<StoreDailyAnswer>; currency: string }) {
  const stores = [...new Set(answer.days.filter((day) => day.storeId !== '-').map((day) => day.storeId))].sort();
  // Every local day from the first to the last with a purchase: a day without one is a real 0.
  const seen = answer.days.map((day) => day.date).sort();
  const dates: string[] = [];
  for (let day = seen[0]; day !== undefined && day <= seen[seen.length - 1]; day = nextDay(day)) dates.push(day);
  const revenue = new Map(answer.days.map((day) => [`${day.storeId}|${day.date}`, day.revenue]));
  return (
    <section aria-labelledby="revenue-title">
      <h2 id="revenue-title">Daily revenue per store</h2>
      {dates.length === 0 ? (
        <p>No purchase in the period.</p>
      ) : (
        <Chart
          id="store-revenue"
          title="Revenue per local day of each store"
          kind="line"
          x={{ kind: 'time', labels: dates }}
          series={stores.map((storeId) => ({ label: storeId, values: dates.map((date) => revenue.get(`${storeId}|${date}`) ?? 0) }))}
          format={(value) => formatMoney(value, currency)}
          formatX={(date) => formatDay(date)}
        />
      )}
      <AsOf answer={answer} />
    </section>
  );
}
