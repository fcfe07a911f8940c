import type { ProgramEvent } from '@setia/domain';
import type { ProgramDoc } from './read-models';

/** The IANA time zone of a store (the program's own zone for an unknown or absent store). */
export type ZoneOf = (storeId?: string | null) => string;

export function evolveProgramDoc(tenant: string, event: ProgramEvent, revision: number): ProgramDoc {
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
  };
}

export function zonesOf(program: ProgramDoc | null): ZoneOf {
  if (!program) return () => 'UTC';
  const zones = new Map(program.stores.map((store) => [store.storeId, store.timeZone]));
  return (storeId) => (storeId ? zones.get(storeId) : undefined) ?? program.timeZone;
}
