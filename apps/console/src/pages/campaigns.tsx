import type { CampaignsAnswer, CampaignsDashboardAnswer, Program } from '../answers';
import type { Received } from '../api';
import { AsOf } from '../components/as-of';
import { Cell } from '../components/figure';
import { Show } from '../components/status';
import { useConsole } from '../context';
import { formatDay, formatInstant, formatMoney, formatNumber } from '../format';
import { useLoad } from '../load';

interface CampaignsLoaded {
  list: Received<CampaignsAnswer>;
  /** What each campaign gave and has left, from the campaigns dashboard: for the roles that see dashboards. */
  dashboard: Received<CampaignsDashboardAnswer> | null;
}

/** What a campaign gives, in words. */
export function effectText(effect: Record<string, unknown>): string {
  if (typeof effect.bonusPoints === 'number') return `${formatNumber(effect.bonusPoints)} bonus points a receipt`;
  const times = typeof effect.multiplier === 'number' ? `× ${formatNumber(effect.multiplier, undefined, Number.isInteger(effect.multiplier) ? 0 : 1)} points` : '';
  if (typeof effect.category === 'string') return `${times} on ${effect.category}`;
  if (typeof effect.sku === 'string') return `${times} on ${effect.sku}`;
  return times ? `${times} on the receipt` : JSON.stringify(effect);
}

/** Upcoming, running, over or ended, on the tenant's local day (a campaign's or an offer's window). */
export function status(window: { from: string; to: string; endedAt?: string }, today: string): string {
  if (window.endedAt) return 'ended';
  if (today < window.from) return 'upcoming';
  return today > window.to ? 'over' : 'running';
}

/** Today on the tenant's (head office's) calendar, YYYY-MM-DD. */
export function localToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}

/** The program's campaigns (GET …/campaigns), with what each gave and its budget left where the key sees dashboards. */
export function Campaigns({ program }: { program: Program }) {
  const { session } = useConsole();
  const [loaded] = useLoad(async (): Promise<CampaignsLoaded> => {
    const seesDashboards = session.role === 'admin' || session.role === 'analyst';
    const [list, dashboard] = await Promise.all([
      session.api.get<CampaignsAnswer>('campaigns'),
      seesDashboards ? session.api.get<CampaignsDashboardAnswer>('dashboards/campaigns') : Promise.resolve(null),
    ]);
    return { list, dashboard };
  }, []);
  const today = localToday(program.timeZone);
  return (
    <section aria-labelledby="campaigns-title">
      <h2 id="campaigns-title">Campaigns</h2>
      <Show loaded={loaded}>
        {({ list, dashboard }) =>
          list.campaigns.length === 0 ? (
            <p class="hint">No campaign yet.</p>
          ) : (
            <>
              <div class="scroll">
                <table data-table="campaigns">
                  <caption>Campaigns of the program, newest window first</caption>
                  <thead>
                    <tr>
                      <th scope="col">campaign</th>
                      <th scope="col">window</th>
                      <th scope="col">status</th>
                      <th scope="col">gives</th>
                      <th scope="col">for</th>
                      <th scope="col">budget</th>
                      {dashboard && <th scope="col">points given</th>}
                      {dashboard && <th scope="col">budget left</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {[...list.campaigns]
                      .sort((a, b) => (a.from === b.from ? a.campaignId.localeCompare(b.campaignId) : a.from < b.from ? 1 : -1))
                      .map((campaign) => {
                        const figures = dashboard?.campaigns.find((row) => row.campaignId === campaign.campaignId);
                        const given = figures ? figures.days.reduce((sum, day) => sum + day.pointsGiven - day.pointsTakenBack, 0) : 0;
                        return (
                          <tr data-campaign={campaign.campaignId}>
                            <th scope="row">
                              {campaign.name} <code>{campaign.campaignId}</code>
                            </th>
                            <td>
                              <time dateTime={campaign.from}>{formatDay(campaign.from)}</time> – <time dateTime={campaign.to}>{formatDay(campaign.to)}</time>
                            </td>
                            <td data-status>
                              {status(campaign, today)}
                              {campaign.endedAt && <> {formatInstant(campaign.endedAt, program.timeZone)}</>}
                            </td>
                            <td>{effectText(campaign.effect)}</td>
                            <td>
                              {[campaign.tiers ? `tiers ${campaign.tiers.join(', ')}` : 'every member', campaign.stores ? `at ${campaign.stores.join(', ')}` : 'in every store']
                                .concat(campaign.minSpend ? [`from ${formatMoney(campaign.minSpend, program.currency)}`] : [])
                                .concat(campaign.segment ? [`segment ${campaign.segment}`] : [])
                                .join('; ')}
                            </td>
                            <Cell value={campaign.budget?.points ?? null} text={campaign.budget ? formatNumber(campaign.budget.points) : 'none'} />
                            {dashboard && <Cell value={given} text={formatNumber(given)} />}
                            {dashboard && (
                              <Cell
                                value={campaign.budget ? (figures?.budgetLeft ?? campaign.budget.points) : null}
                                text={campaign.budget ? formatNumber(figures?.budgetLeft ?? campaign.budget.points) : '–'}
                              />
                            )}
                          </tr>
                        );
                      })}
                  </tbody>
                </table>
              </div>
              <AsOf answer={list} source="the program's stream" />
              {dashboard && <AsOf answer={dashboard} />}
            </>
          )
        }
      </Show>
    </section>
  );
}

/** The rewards catalogue of the program in force: what a member may redeem points for, and what that is worth. */
export function Rewards({ program, answer }: { program: Program; answer: Received<object> }) {
  const rewards = (program.rewards ?? []) as Array<{ rewardId: string; points: number }>;
  const pointValue = typeof program.pointValue === 'number' ? program.pointValue : null;
  return (
    <section aria-labelledby="rewards-title">
      <h2 id="rewards-title">Rewards</h2>
      {rewards.length === 0 ? (
        <p class="hint">The program has no rewards catalogue.</p>
      ) : (
        <table data-table="rewards">
          <caption>The rewards catalogue{pointValue === null ? '' : `, at ${formatMoney(pointValue, program.currency)} a point`}</caption>
          <thead>
            <tr>
              <th scope="col">reward</th>
              <th scope="col">points</th>
              {pointValue !== null && <th scope="col">worth</th>}
            </tr>
          </thead>
          <tbody>
            {rewards.map((reward) => (
              <tr data-reward={reward.rewardId}>
                <th scope="row">
                  <code>{reward.rewardId}</code>
                </th>
                <Cell value={reward.points} text={formatNumber(reward.points)} />
                {pointValue !== null && <Cell value={reward.points * pointValue} text={formatMoney(reward.points * pointValue, program.currency)} />}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AsOf answer={answer} source="the program's stream" />
    </section>
  );
}
