import type { ProgramEvent } from '@setia/domain';
import type { ProgramDoc } from './read-models';

/** The IANA time zone of a store (the program's own zone for an unknown or absent store). */
export type ZoneOf = (storeId?: string | null) => string;

/** The program's document after an event of its stream; a campaign's and an offer's events add their names, the others change only its revision. */
export function evolveProgramDoc(tenant: string, event: ProgramEvent, revision: number, before: ProgramDoc | null): ProgramDoc | null {
  if (event.type === 'CampaignCreated') {
    const { campaignId, name, budget } = event.data.campaign;
    return before && { ...before, revision, campaigns: [...(before.campaigns ?? []), { campaignId, name, budget: budget?.points ?? null }] };
  }
  if (event.type === 'OfferCreated') {
    const { offerId, name } = event.data.offer;
    return before && { ...before, revision, offers: [...(before.offers ?? []), { offerId, name }] };
  }
  if (event.type !== 'ProgramConfigured') return before && { ...before, revision };
  const { program } = event.data;
  return {
    _id: tenant,
    _position: '',
    tenant,
    revision,
    timeZone: program.timeZone,
    stores: program.stores.map(({ storeId, timeZone }) => ({ storeId, timeZone })),
    tiers: program.tiers.map((tier) => tier.name),
    pointValue: program.pointValue ?? null,
    campaigns: before?.campaigns ?? [],
    ...(before?.offers && { offers: before.offers }),
  };
}

export function zonesOf(program: ProgramDoc | null): ZoneOf {
  if (!program) return () => 'UTC';
  const zones = new Map(program.stores.map((store) => [store.storeId, store.timeZone]));
  return (storeId) => (storeId ? zones.get(storeId) : undefined) ?? program.timeZone;
}
