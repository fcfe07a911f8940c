import type { PointsLiabilityAnswer } from '../answers';
import { AsOf } from '../components/as-of';
import { Chart } from '../components/chart';
import { Cell, Figure } from '../components/figure';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatNumber, formatRate } from '../format';
import { useLoad } from '../load';

/** Points the chain owes its customers, by tier. */
export function Liability() {
  const { session } = useConsole();
  const [loaded] = useLoad(() => session.api.get<PointsLiabilityAnswer>('dashboards/points-liability'), []);
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
              <Figure id="earned" label="Points earned" value={answer.earned} text={formatNumber(answer.earned)}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="redeemed" label="Points redeemed" value={answer.redeemed} text={formatNumber(answer.redeemed)} note={`redemption rate ${formatRate(answer.redemptionRate)}`}>
                <AsOf answer={answer} />
              </Figure>
              <Figure id="reversed" label="Points taken back by returns" value={answer.reversed} text={formatNumber(answer.reversed)}>
                <AsOf answer={answer} />
              </Figure>
            </dl>
            <Chart
              id="outstanding-by-tier"
              title="Points outstanding by tier"
              kind="bars"
              xLabel="tier"
              x={{ kind: 'categories', labels: answer.byTier.map((row) => (row.tier === '-' ? 'not members' : row.tier)) }}
              series={[{ label: 'points outstanding', values: answer.byTier.map((row) => row.outstanding) }]}
              format={(value) => formatNumber(value)}
            />
            <table data-table="liability-by-tier">
              <caption>By tier</caption>
              <thead>
                <tr>
                  <th scope="col">tier</th>
                  <th scope="col">outstanding</th>
                  <th scope="col">earned</th>
                  <th scope="col">redeemed</th>
                  <th scope="col">taken back</th>
                  <th scope="col">expired</th>
                </tr>
              </thead>
              <tbody>
                {answer.byTier.map((row) => (
                  <tr data-tier={row.tier}>
                    <th scope="row">{row.tier === '-' ? 'not members' : row.tier}</th>
                    <Cell value={row.outstanding} text={formatNumber(row.outstanding)} />
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

/** What the program says of expiry; the read models count expired points, not yet points by the month they expire. */
function ExpiryNote() {
  const { program } = useConsole();
  const expiry = program?.program.pointsExpiry as { afterMonths: number; noticeDays: number } | undefined;
  return (
    <p class="hint" data-expiry={expiry ? expiry.afterMonths : 'none'}>
      {expiry
        ? `Points expire at the end of the local day ${expiry.afterMonths} months after they were earned (members are told ${expiry.noticeDays} days before). The read models count expired points; points by the month they will expire are not in them yet.`
        : 'The program has no expiry rule: points do not expire.'}{' '}
      The program sets no money value per point, so outstanding points have no money value to show.
    </p>
  );
}
