import type { PointsLiabilityAnswer } from '../answers';
import { AsOf } from '../components/as-of';
import { Chart } from '../components/chart';
import { Cell, Figure } from '../components/figure';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatMoney, formatMonth, formatNumber, formatRate } from '../format';
import { useLoad } from '../load';

const tierName = (tier: string) => (tier === '-' ? 'not members' : tier);

/** Points the chain owes its customers: by tier, their money value, and when they expire. */
export function Liability() {
  const { session, program } = useConsole();
  const [loaded] = useLoad(() => session.api.get<PointsLiabilityAnswer>('dashboards/points-liability'), []);
  const currency = program?.program.currency ?? 'IDR';
  const money = (value: number | null) => (value === null ? '–' : formatMoney(value, currency));
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Points liability</h1>
      <Show loaded={loaded}>
        {(answer) => (
          <>
            <dl class="figures">
              <Figure id="outstanding" label="Points outstanding" value={answer.outstanding} text={formatNumber(answer.outstanding)}>
                <AsOf answer={answer} />
              </Figure>
              <Figure
                id="value"
                label="Their value"
                value={answer.value}
                text={money(answer.value)}
                note={answer.pointValue === null ? 'the program gives a point no money value' : `${formatMoney(answer.pointValue, currency)} a point`}
              >
                <AsOf answer={answer} />
              </Figure>
              <Figure id="deferred-revenue" label="Deferred revenue" value={answer.deferredRevenue} text={money(answer.deferredRevenue)} note={`breakage rate ${formatRate(answer.breakageRate)}`}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="earned" label="Points earned" value={answer.earned} text={formatNumber(answer.earned)}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="redeemed" label="Points redeemed" value={answer.redeemed} text={formatNumber(answer.redeemed)} note={`redemption rate ${formatRate(answer.redemptionRate)}`}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="expired" label="Points expired" value={answer.expired} text={formatNumber(answer.expired)} note={`${formatNumber(answer.reversed)} taken back by returns`}>
                <AsOf answer={answer} />
              </Figure>
            </dl>
            <Chart
              id="expiring-by-month"
              title="Points expiring by month, by tier"
              kind="line"
              xLabel="month"
              x={{ kind: 'categories', labels: answer.expiring.map((row) => formatMonth(row.month)) }}
              series={answer.byTier.map((row) => ({ label: tierName(row.tier), values: row.expiring.map((month) => month.points) }))}
              format={(value) => formatNumber(value)}
            />
            <Chart
              id="outstanding-by-tier"
              title="Points outstanding by tier"
              kind="bars"
              xLabel="tier"
              x={{ kind: 'categories', labels: answer.byTier.map((row) => tierName(row.tier)) }}
              series={[{ label: 'points outstanding', values: answer.byTier.map((row) => row.outstanding) }]}
              format={(value) => formatNumber(value)}
            />
            <table data-table="liability-by-tier">
              <caption>By tier</caption>
              <thead>
                <tr>
                  <th scope="col">tier</th>
                  <th scope="col">outstanding</th>
                  <th scope="col">value</th>
                  <th scope="col">earned</th>
                  <th scope="col">redeemed</th>
                  <th scope="col">taken back</th>
                  <th scope="col">expired</th>
                </tr>
              </thead>
              <tbody>
                {answer.byTier.map((row) => (
                  <tr data-tier={row.tier}>
                    <th scope="row">{tierName(row.tier)}</th>
                    <Cell value={row.outstanding} text={formatNumber(row.outstanding)} />
                    <Cell value={row.value} text={money(row.value)} />
                    <Cell value={row.earned} text={formatNumber(row.earned)} />
                    <Cell value={row.redeemed} text={formatNumber(row.redeemed)} />
                    <Cell value={row.reversed} text={formatNumber(row.reversed)} />
                    <Cell value={row.expired} text={formatNumber(row.expired)} />
                  </tr>
                ))}
              </tbody>
            </table>
            <ExpiryNote />
            <AsOf answer={answer} />
          </>
        )}
      </Show>
    </section>
  );
}

/** The program's expiry rule in words. */
function ExpiryNote() {
  const { program } = useConsole();
  const expiry = program?.program.pointsExpiry as { afterMonths: number; noticeDays: number } | undefined;
  return (
    <p class="hint" data-expiry={expiry ? expiry.afterMonths : 'none'}>
      {expiry
        ? `Points expire at the end of the local day ${expiry.afterMonths} months after they were earned; members are told ${expiry.noticeDays} days before.`
        : 'The program has no expiry rule: points do not expire.'}
    </p>
  );
}
