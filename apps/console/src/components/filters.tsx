import type { Program } from '../answers';
import { addMonths, lastDayOf, monthIn } from '../format';
import { navigate } from '../route';
import type { Route } from '../route';

/** The period (whole local months) and store a dashboard page shows, from the page's URL. */
export interface Filters {
  from: string;
  to: string;
  storeId?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The URL's period, or the last 12 months in the tenant's zone. */
export function filtersOf(route: Route, program: Program | null): Filters {
  const thisMonth = monthIn(new Date(), program?.timeZone ?? 'UTC');
  const to = MONTH.test(route.query.get('to') ?? '') ? route.query.get('to')! : thisMonth;
  const from = MONTH.test(route.query.get('from') ?? '') ? route.query.get('from')! : addMonths(to, -11);
  const storeId = route.query.get('store') ?? undefined;
  return from <= to ? { from, to, storeId } : { from: to, to: from, storeId };
}

/** The query of the daily dashboard for the period: its first and last local days. */
export const dayRange = (filters: Filters) => ({ from: `${filters.from}-01`, to: lastDayOf(filters.to), storeId: filters.storeId });
export const monthRange = (filters: Filters) => ({ from: filters.from, to: filters.to, storeId: filters.storeId });

/** The period and store chooser; changing it changes the URL, so a view can be shared. */
export function FilterBar({ route, filters, program, storeLabel = 'Store' }: { route: Route; filters: Filters; program: Program | null; storeLabel?: string }) {
  const set = (change: Partial<Filters>) => {
    const next = { ...filters, ...change };
    navigate(route.path, { from: next.from, to: next.to, store: next.storeId });
  };
  return (
    <form class="filters" method="post" onSubmit={(event) => event.preventDefault()}>
      <label>
        From
        <input type="month" name="from" value={filters.from} onChange={(event) => set({ from: event.currentTarget.value || filters.from })} />
      </label>
      <label>
        To
        <input type="month" name="to" value={filters.to} onChange={(event) => set({ to: event.currentTarget.value || filters.to })} />
      </label>
      <label>
        {storeLabel}
        <select name="store" value={filters.storeId ?? ''} onChange={(event) => set({ storeId: event.currentTarget.value || undefined })}>
          <option value="">All stores</option>
          {(program?.stores ?? []).map((store) => (
            <option value={store.storeId}>
              {store.storeId} ({store.timeZone})
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
