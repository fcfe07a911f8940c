import type { LedgerEntry } from './answers';
import { formatMoney, formatNumber } from './format';

/** The event's gist in a line; the fields a reader looks for first. */
export function describeLedgerEntry(event: Pick<LedgerEntry, 'type' | 'data'>, currency: string, locale?: string): string {
  const data = event.data as Record<string, unknown>;
  const money = (field: string) => (typeof data[field] === 'number' ? formatMoney(data[field] as number, currency, locale) : '');
  const count = (field: string) => formatNumber(data[field] as number, locale);
  switch (event.type) {
    case 'PurchaseRecorded':
      return `receipt ${data.receiptId}, ${money('total')}`;
    case 'ReturnRecorded': {
      // Returned by line, the goods as well: what the stamps and the item campaigns' points were undone for.
      const lines = data.lines as Array<{ sku: string; quantity: number }> | undefined;
      const goods = lines ? `: ${lines.map(({ sku, quantity }) => `${formatNumber(quantity, locale)} × ${sku}`).join(', ')}` : '';
      return `of receipt ${data.receiptId}, ${money('amount')}${goods}`;
    }
    case 'PointsEarned':
      return `+${count('points')} points (${data.reason})`;
    case 'PointsReversed':
      return `−${count('points')} points`;
    case 'TierChanged':
      return `${data.from} → ${data.to}`;
    case 'RewardRedeemed':
      return `${data.rewardId} for ${count('points')} points`;
    case 'RedemptionCancelled':
      return `redemption ${data.redemptionId}`;
    case 'FeedbackSubmitted':
      return `NPS ${data.nps}${data.csat !== undefined ? `, CSAT ${data.csat}` : ''}${typeof data.comment === 'string' ? `: “${data.comment}”` : ''}`;
    case 'CustomerEnrolled':
      return data.homeStoreId ? `home store ${data.homeStoreId}` : '';
    default:
      return '';
  }
}
