import type { CustomerEvent, ProgramEvent } from '@setia/domain';
import { parseCustomerStream } from '@setia/domain';
import type { Position, RecordedEvent } from '@setia/event-store';
import type { DocumentWrite, ReadDocument } from '@setia/read-store';
import { customerDocId, emptyCustomerDoc, evolveCustomerDoc } from './customer-profile';
import type { DashboardUpdate } from './dashboards';
import { dashboardUpdates } from './dashboards';
import { lotMoves } from './lot-moves';
import { evolveProgramDoc, zonesOf } from './program-profile';
import type { CustomerDoc, ProgramDoc } from './read-models';
import { COLLECTIONS } from './read-models';

/**
 * Projection of a batch of events, in two steps, pure given the documents it is handed:
 * 1. `projectEntities` evolves the customer and program documents the events belong to and
 *    lists the dashboard updates each event makes, computed from the customer as it was before;
 * 2. `applyDashboardUpdates` applies those updates to the dashboard documents.
 *
 * Every document carries `_position`, the last event applied to it; an event at or before it is
 * skipped. The projector writes dashboards first, then customers and programs, then the
 * checkpoint. So after a crash, a customer document that already holds an event means every
 * dashboard holds it too, and a replay skips the event everywhere: no event counts twice.
 */

export type DocumentMap = Map<string, ReadDocument | null>;

export interface EntityKeys {
  customers: string[];
  programs: string[];
}

export interface PendingUpdate {
  position: Position;
  update: DashboardUpdate;
}

const programTenant = (streamName: string) => /^program-([a-z0-9_]+)$/.exec(streamName)?.[1];

/** The customer and program documents a batch reads and writes. */
export function entityKeys(events: readonly RecordedEvent[]): EntityKeys {
  const customers = new Set<string>();
  const programs = new Set<string>();
  for (const event of events) {
    const customer = parseCustomerStream(event.streamName);
    if (customer) {
      customers.add(customerDocId(customer.tenant, customer.customerId));
      programs.add(customer.tenant);
    }
    const tenant = programTenant(event.streamName);
    if (tenant) programs.add(tenant);
  }
  return { customers: [...customers], programs: [...programs] };
}

/**
 * Evolves `customers` and `programs` (maps by id, null for a document not yet stored) in place
 * and returns the dashboard updates of the events, in order, with the ids of changed entities.
 */
export function projectEntities(
  events: readonly RecordedEvent[],
  customers: DocumentMap,
  programs: DocumentMap,
): { updates: PendingUpdate[]; changedCustomers: Set<string>; changedPrograms: Set<string> } {
  const updates: PendingUpdate[] = [];
  const changedCustomers = new Set<string>();
  const changedPrograms = new Set<string>();
  for (const event of events) {
    const tenant = programTenant(event.streamName);
    if (tenant) {
      const doc = programs.get(tenant) ?? null;
      if (doc && doc._position >= event.position) continue;
      const next = evolveProgramDoc(tenant, event as unknown as ProgramEvent, event.revision, doc as ProgramDoc | null);
      if (!next) continue;
      programs.set(tenant, { ...next, _position: event.position });
      changedPrograms.add(tenant);
      continue;
    }
    const stream = parseCustomerStream(event.streamName);
    if (!stream) continue;
    const id = customerDocId(stream.tenant, stream.customerId);
    const before = (customers.get(id) as CustomerDoc | null | undefined) ?? emptyCustomerDoc(stream.tenant, stream.customerId);
    // A customer document that holds the event means the dashboards hold it too (see above).
    if (before._position >= event.position) continue;
    const zoneOf = zonesOf((programs.get(stream.tenant) as ProgramDoc | null | undefined) ?? null);
    const customerEvent = event as unknown as CustomerEvent;
    const moves = lotMoves(customerEvent, before);
    for (const update of dashboardUpdates(customerEvent, before, zoneOf, moves)) updates.push({ position: event.position, update });
    const next = evolveCustomerDoc(before, customerEvent, zoneOf, moves);
    next._position = event.position;
    customers.set(id, next);
    changedCustomers.add(id);
  }
  return { updates, changedCustomers, changedPrograms };
}

/** Dashboard documents by collection, then by id (null for one not yet stored). */
export type DashboardDocuments = Map<string, DocumentMap>;

/** The dashboard documents the updates touch, by collection. */
export function dashboardKeys(updates: readonly PendingUpdate[]): Map<string, string[]> {
  const ids = new Map<string, Set<string>>();
  for (const { update } of updates) {
    let set = ids.get(update.collection);
    if (!set) ids.set(update.collection, (set = new Set()));
    set.add(update.id);
  }
  return new Map([...ids].map(([collection, set]) => [collection, [...set]]));
}

/**
 * Applies the updates to the dashboard documents, skipping each one the document already holds;
 * returns the documents that changed, with their collections.
 */
export function applyDashboardUpdates(updates: readonly PendingUpdate[], dashboards: DashboardDocuments): DocumentWrite[] {
  // An event may update one document several times (a redemption from lots of one month); all of
  // them are applied here, together, and a document that held the event before is skipped. By
  // collection and document, the position of the last event applied to it here (updates come in
  // position order).
  const appliedAt = new Map<string, Map<string, Position>>();
  for (const { position, update } of updates) {
    let documents = dashboards.get(update.collection);
    if (!documents) dashboards.set(update.collection, (documents = new Map()));
    let applied = appliedAt.get(update.collection);
    if (!applied) appliedAt.set(update.collection, (applied = new Map()));
    const doc = documents.get(update.id) ?? null;
    const appliedHere = applied.get(update.id);
    if (doc && doc._position >= position && appliedHere !== position) continue;
    // The document as given is left as it was (it may be the stored one, remembered): the first
    // update of the batch changes a copy, the ones after it change that copy in place.
    const next = update.apply(doc && appliedHere === undefined ? { ...doc } : doc);
    next._position = position;
    documents.set(update.id, next);
    applied.set(update.id, position);
  }
  const changed: DocumentWrite[] = [];
  for (const [collection, applied] of appliedAt) {
    const documents = dashboards.get(collection)!;
    for (const id of applied.keys()) changed.push({ collection, document: documents.get(id)! });
  }
  return changed;
}

/**
 * Every read model from events alone, in memory: what a clean rebuild gives. Used by the unit
 * specs and by checks that compare a stored read model with the events.
 */
export function projectInMemory(events: readonly RecordedEvent[]): Map<string, Map<string, ReadDocument>> {
  const customers: DocumentMap = new Map();
  const programs: DocumentMap = new Map();
  const dashboards: DashboardDocuments = new Map();
  const { updates } = projectEntities(events, customers, programs);
  applyDashboardUpdates(updates, dashboards);
  const collections = new Map<string, Map<string, ReadDocument>>();
  for (const [collection, documents] of [[COLLECTIONS.customers, customers] as const, [COLLECTIONS.programs, programs] as const, ...dashboards]) {
    for (const [id, doc] of documents) {
      if (!doc) continue;
      if (!collections.has(collection)) collections.set(collection, new Map());
      collections.get(collection)!.set(id, doc);
    }
  }
  return collections;
}
