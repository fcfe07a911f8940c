import type { FeedbackAnswer } from '../answers';
import type { Received } from '../api';
import { AsOf } from '../components/as-of';
import { Chart } from '../components/chart';
import { Figure } from '../components/figure';
import { FilterBar, filtersOf, monthRange } from '../components/filters';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatMonth, formatNumber, formatRate, monthsBetween } from '../format';
import { useLoad } from '../load';
import type { Route } from '../route';
import { LatestComments } from './comments';

/** A month's scores over all stores shown, from the counters (rates add up only as sums). */
export function monthlyScores(answer: FeedbackAnswer, months: string[]) {
  return months.map((month) => {
    const rows = answer.months.filter((row) => row.month === month);
    const add = (field: 'answers' | 'promoters' | 'detractors' | 'csatAnswers' | 'csatSum') => rows.reduce((total, row) => total + row[field], 0);
    const answers = add('answers');
    const csatAnswers = add('csatAnswers');
    return {
      month,
      answers,
      nps: answers === 0 ? null : Math.round(((add('promoters') - add('detractors')) / answers) * 1000) / 10,
      csatAverage: csatAnswers === 0 ? null : Math.round((add('csatSum') / csatAnswers) * 100) / 100,
    };
  });
}

export function Feedback({ route }: { route: Route }) {
  const { session, program } = useConsole();
  const filters = filtersOf(route, program?.program ?? null);
  const [loaded] = useLoad(() => session.api.get<FeedbackAnswer>('dashboards/feedback', monthRange(filters)), [filters.from, filters.to, filters.storeId]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Feedback</h1>
      <FilterBar route={route} filters={filters} program={program?.program ?? null} />
      <Show loaded={loaded}>{(answer) => <FeedbackFigures answer={answer} months={monthsBetween(filters.from, filters.to)} />}</Show>
      {session.role === 'admin' ? (
        <LatestComments storeId={filters.storeId} />
      ) : (
        <p class="hint">Comments are personal data: they are shown to admin keys, and never after the customer asked to be forgotten.</p>
      )}
    </section>
  );
}

function FeedbackFigures({ answer, months }: { answer: Received<FeedbackAnswer>; months: string[] }) {
  const { totals } = answer;
  const scores = monthlyScores(answer, months);
  return (
    <>
      <dl class="figures">
        <Figure id="nps" label="NPS" value={totals.nps} text={totals.nps === null ? '–' : formatNumber(totals.nps, undefined, 1)} note={`${formatNumber(totals.promoters)} promoters, ${formatNumber(totals.detractors)} detractors of ${formatNumber(totals.answers)}`}>
          <AsOf answer={answer} />
        </Figure>
        <Figure id="csat" label="CSAT average" value={totals.csatAverage} text={totals.csatAverage === null ? '–' : formatNumber(totals.csatAverage, undefined, 2)} note={`${formatRate(totals.csatSatisfiedRate)} satisfied (4–5) of ${formatNumber(totals.csatAnswers)}`}>
          <AsOf answer={answer} />
        </Figure>
      </dl>
      <Chart
        id="nps-by-month"
        title="NPS by month"
        kind="line"
        xLabel="month"
        x={{ kind: 'time', labels: months }}
        series={[{ label: 'NPS', values: scores.map((score) => score.nps) }]}
        format={(value) => formatNumber(value, undefined, 1)}
        formatX={(month) => formatMonth(month)}
      />
      <Chart
        id="csat-by-month"
        title="CSAT average by month"
        kind="line"
        xLabel="month"
        x={{ kind: 'time', labels: months }}
        series={[{ label: 'CSAT', values: scores.map((score) => score.csatAverage) }]}
        format={(value) => formatNumber(value, undefined, 2)}
        formatX={(month) => formatMonth(month)}
      />
      <AsOf answer={answer} />
    </>
  );
}
