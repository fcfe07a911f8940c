import { useEffect } from 'preact/hooks';
import type { ActiveCustomersAnswer, FeedbackAnswer, PointsLiabilityAnswer, PurchaseFrequencyAnswer, StoreDailyAnswer, TiersAnswer } from '../answers';
import type { Received } from '../api';
import { AsOf } from '../components/as-of';
import { Figure } from '../components/figure';
import { dayRange, FilterBar, filtersOf, monthRange } from '../components/filters';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatDay, formatMoney, formatNumber, formatRate, lastDayOf } from '../format';
import { useLoad } from '../load';
import type { Route } from '../route';

const sum = <T,>(rows: T[], field: keyof T) => rows.reduce((total, row) => total + (row[field] as number), 0);

interface OverviewAnswers {
  tiers: Received<TiersAnswer>;
  active: Received<ActiveCustomersAnswer>;
  days: Received<StoreDailyAnswer>;
  frequency: Received<PurchaseFrequencyAnswer>;
  feedback: Received<FeedbackAnswer>;
  liability: Received<PointsLiabilityAnswer>;
}

/** The program at a glance for a period and store: members, active customers, repeat purchases, points, NPS. */
export function Overview({ route }: { route: Route }) {
  const { session, program } = useConsole();
  const filters = filtersOf(route, program?.program ?? null);
  const api = session.api;
  const [loaded] = useLoad(async (): Promise<OverviewAnswers> => {
    const [tiers, active, days, frequency, feedback, liability] = await Promise.all([
      api.get<TiersAnswer>('dashboards/tiers'),
      // Active customers at the end of the period (the API answers for today when that is later).
      api.get<ActiveCustomersAnswer>('dashboards/active-customers', { storeId: filters.storeId, asOf: lastDayOf(filters.to) }),
      api.get<StoreDailyAnswer>('dashboards/store-daily', dayRange(filters)),
      api.get<PurchaseFrequencyAnswer>('dashboards/purchase-frequency', monthRange(filters)),
      api.get<FeedbackAnswer>('dashboards/feedback', monthRange(filters)),
      api.get<PointsLiabilityAnswer>('dashboards/points-liability'),
    ]);
    return { tiers, active, days, frequency, feedback, liability };
  }, [filters.from, filters.to, filters.storeId]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Overview</h1>
      <FilterBar route={route} filters={filters} program={program?.program ?? null} />
      <Show loaded={loaded}>{(answers) => <OverviewFigures answers={answers} currency={program?.program.currency ?? 'IDR'} store={filters.storeId} />}</Show>
    </section>
  );
}

function OverviewFigures({ answers, currency, store }: { answers: OverviewAnswers; currency: string; store?: string }) {
  const { tiers, active, days, frequency, feedback, liability } = answers;
  // The first meaningful paint: every figure of the overview is on screen (the browser test reads this mark).
  useEffect(() => {
    requestAnimationFrame(() => performance.mark('setia:overview-painted'));
  }, [answers]);
  const repeat = sum(frequency.months, 'repeatCustomers');
  const unique = sum(frequency.months, 'uniqueCustomers');
  const repeatRate = unique === 0 ? null : repeat / unique;
  const revenue = sum(days.days, 'revenue');
  const redeemed = sum(days.days, 'pointsRedeemed');
  const givenBack = sum(days.days, 'pointsGivenBack');
  const where = store ? `at ${store}` : 'in all stores';
  return (
    <>
      <h2>In the period, {where}</h2>
      <dl class="figures">
        <Figure id="revenue" label="Revenue" value={revenue} text={formatMoney(revenue, currency)} note={`${formatNumber(sum(days.days, 'purchases'))} purchases`}>
          <AsOf answer={days} />
        </Figure>
        <Figure id="new-members" label="New members" value={sum(days.days, 'newMembers')} text={formatNumber(sum(days.days, 'newMembers'))} note={store ? 'with this home store' : undefined}>
          <AsOf answer={days} />
        </Figure>
        <Figure id="repeat-purchase-rate" label="Repeat-purchase rate" value={repeatRate} text={formatRate(repeatRate)} note={`${formatNumber(repeat)} of ${formatNumber(unique)} customers bought twice or more in a month`}>
          <AsOf answer={frequency} />
        </Figure>
        <Figure id="points-redeemed" label="Points redeemed" value={redeemed} text={formatNumber(redeemed)} note={`${formatNumber(givenBack)} given back by cancelled redemptions`}>
          <AsOf answer={days} />
        </Figure>
        <Figure
          id="active-30"
          label="Active customers, 30 days"
          value={active.last30Days}
          text={formatNumber(active.last30Days)}
          note={<>bought {store ? 'here ' : ''}in the 30 days to <time dateTime={active.asOf}>{formatDay(active.asOf)}</time>, of {formatNumber(active.customers)} who had bought</>}
        >
          <AsOf answer={active} />
        </Figure>
        <Figure
          id="active-90"
          label="Active customers, 90 days"
          value={active.last90Days}
          text={formatNumber(active.last90Days)}
          note={<>bought {store ? 'here ' : ''}in the 90 days to <time dateTime={active.asOf}>{formatDay(active.asOf)}</time></>}
        >
          <AsOf answer={active} />
        </Figure>
        <Figure id="nps" label="NPS" value={feedback.totals.nps} text={feedback.totals.nps === null ? '–' : formatNumber(feedback.totals.nps, undefined, 1)} note={`${formatNumber(feedback.totals.answers)} answers`}>
          <AsOf answer={feedback} />
        </Figure>
      </dl>
      <h2>Now, the whole chain</h2>
      <dl class="figures">
        <Figure id="members" label="Members" value={tiers.members} text={formatNumber(tiers.members)}>
          <AsOf answer={tiers} />
        </Figure>
        <Figure id="points-outstanding" label="Points outstanding" value={liability.outstanding} text={formatNumber(liability.outstanding)}>
          <AsOf answer={liability} />
        </Figure>
        <Figure
          id="points-value"
          label="Their value"
          value={liability.value}
          text={liability.value === null ? '–' : formatMoney(liability.value, currency)}
          note={liability.value === null ? 'the program gives a point no money value' : undefined}
        >
          <AsOf answer={liability} />
        </Figure>
      </dl>
    </>
  );
}
