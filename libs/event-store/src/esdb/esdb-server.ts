import { StreamsServiceService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';

/** What the connected server is and can do, as asked at start-up. */
export interface EsdbServer {
  /** The version the server reports, e.g. "24.10.4"; "unknown" when it cannot say (before EventStoreDB 21.10). */
  version: string;
  /** KurrentDB 25.1 and later: an append to several streams is one atomic write. */
  multiStreamAppend: boolean;
  /** EventStoreDB 23.10 and later: a catch-up subscription says when it has caught up. */
  caughtUp: boolean;
}

/** A server Setia does not know yet: it writes several streams one after another and signals no catch-up. */
export const UNKNOWN_SERVER: EsdbServer = { version: 'unknown', multiStreamAppend: false, caughtUp: false };

/** The oldest server Setia runs on: stream reads carry each event's position from 22.10 on. */
export const OLDEST_SUPPORTED = [22, 10] as const;

/** The client's server features (a protected member): the version and the methods the server offers. */
interface ClientFeatures {
  readonly capabilities: Promise<{ serverVersion: string }>;
  supports(method: unknown, feature?: string): Promise<boolean>;
}

/** [major, minor] of a version such as "24.10.4" or "25.1.0-rc.1"; undefined when it is not one. */
export function versionOf(version: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

const atLeast = (version: [number, number], [major, minor]: readonly [number, number]) => version[0] > major || (version[0] === major && version[1] >= minor);

/** Asks the server (through the client's own server-features call) what it is and what it can do. */
export async function serverOf(client: KurrentDBClient): Promise<EsdbServer> {
  const features = client as unknown as ClientFeatures;
  const version = (await features.capabilities).serverVersion;
  const parsed = versionOf(version);
  return {
    version,
    multiStreamAppend: await features.supports(StreamsServiceService.appendSession),
    caughtUp: parsed !== undefined && atLeast(parsed, [23, 10]),
  };
}

/** Why Setia cannot run on this server, or undefined when it can. */
export function unsupportedServer(server: EsdbServer): string | undefined {
  const parsed = versionOf(server.version);
  if (parsed !== undefined && atLeast(parsed, OLDEST_SUPPORTED)) return undefined;
  const what = parsed === undefined ? 'a server older than EventStoreDB 21.10 (it does not say its version)' : `EventStoreDB ${server.version}`;
  return `${what} is not supported: Setia needs EventStoreDB ${OLDEST_SUPPORTED.join('.')} or later (KurrentDB 25.1 or later for atomic appends to several streams)`;
}

/** One line for the start-up log: the server, and what Setia does with what it can and cannot do. */
export function describeServer(server: EsdbServer): string {
  const parsed = versionOf(server.version);
  const product = parsed !== undefined && parsed[0] >= 25 ? 'KurrentDB' : 'EventStoreDB';
  const appends = server.multiStreamAppend
    ? 'atomic appends to several streams'
    : 'appends to several streams one after another (atomic from KurrentDB 25.1)';
  const live = server.caughtUp ? 'subscriptions signal caughtUp' : 'subscriptions go live at a checkpoint past the head (caughtUp from 23.10)';
  return `${product} ${server.version}: ${appends}; ${live}`;
}
