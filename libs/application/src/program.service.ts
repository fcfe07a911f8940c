import { Inject, Injectable } from '@nestjs/common';
import {
  decideProgram,
  evolveProgram,
  initialProgramState,
  ProgramNotConfigured,
  programStream,
  programVersionOf,
  storedHash,
} from '@setia/domain';
import type { Program, ProgramCommand, ProgramEvent, ProgramState, ProgramVersion, RuleProgramCommand } from '@setia/domain';
import { EVENT_STORE, WrongExpectedRevision } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { TENANT_TIME } from './clock';
import type { TenantTime } from './clock';
import type { CommandContext } from './envelope';
import { envelope } from './envelope';
import { KeyedLock } from './keyed-lock';

const MAX_ATTEMPTS = 5;

type LoadedProgram = ProgramState & { streamRevision: number; lastHash: string | null };

/** A tenant's program: its rules as events in `program-<tenant>`. */
@Injectable()
export class ProgramService {
  /** Folded program per tenant; refreshed by reading only the events after the cached revision. */
  private readonly cache = new Map<string, LoadedProgram>();
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TENANT_TIME) private readonly time: TenantTime,
  ) {}

  configure(program: Program, context: CommandContext): Promise<ProgramVersion> {
    return this.decide(context, (now) => ({ type: 'ConfigureProgram', data: { program, now } }));
  }

  /** A command of a rule whose settings its own program events keep (a campaign created or ended): the program after it. */
  execute(command: (now: string) => RuleProgramCommand, context: CommandContext): Promise<ProgramVersion> {
    return this.decide(context, (now) => ({ ...command(now), tenant: context.tenant }));
  }

  /** Decides a program command on the stream as it stands and appends what it decides, again on a conflict. */
  private decide(context: CommandContext, build: (now: string) => ProgramCommand): Promise<ProgramVersion> {
    return this.lock.run(context.tenant, async () => {
      for (let attempt = 1; ; attempt++) {
        const state = await this.load(context.tenant);
        const events = decideProgram(build(await this.time.now(context.tenant)), state);
        if (events.length === 0) return programVersionOf(state)!;
        const revision = state.streamRevision + 1;
        try {
          await this.store.appendToStream(
            programStream(context.tenant),
            envelope(events, `program:${revision}`, context, state.lastHash),
            { expectedRevision: state.streamRevision < 0 ? 'no_stream' : state.streamRevision },
          );
          return (await this.current(context.tenant)) as ProgramVersion;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  /**
   * The program to decide a customer command on, and the revision of its stream that an append
   * of the decision expects (an empty append to the program stream), so that a program changed in
   * the meantime refuses the decision. `remembered`: as this process last read it, without reading
   * the stream; the append's check covers what another process wrote since. `fromMemory`: it
   * was, and the stream was not read.
   */
  async forDecision(tenant: string, remembered: boolean): Promise<{ program: ProgramVersion; streamRevision: number; fromMemory: boolean }> {
    const known = remembered ? this.cache.get(tenant) : undefined;
    const state = known ?? (await this.load(tenant));
    if (!state.program) throw new ProgramNotConfigured(tenant);
    return { program: programVersionOf(state)!, streamRevision: state.streamRevision, fromMemory: known !== undefined };
  }

  async current(tenant: string): Promise<ProgramVersion | undefined> {
    const state = await this.load(tenant);
    return programVersionOf(state);
  }

  /** The program as it was at a given revision of its stream, for replays. */
  async atRevision(tenant: string, revision: number): Promise<ProgramVersion | undefined> {
    const events = await this.store.readStream(programStream(tenant), { maxCount: revision + 1 });
    let state = initialProgramState();
    for (const event of events) state = evolveProgram(state, event as unknown as ProgramEvent, event.revision);
    return programVersionOf(state);
  }

  private async load(tenant: string): Promise<LoadedProgram> {
    let state = this.cache.get(tenant) ?? { ...initialProgramState(), streamRevision: -1, lastHash: null };
    const newer = await this.store.readStream(programStream(tenant), { fromRevision: state.streamRevision + 1 });
    for (const event of newer) {
      state = {
        ...evolveProgram(state, event as unknown as ProgramEvent, event.revision),
        streamRevision: event.revision,
        lastHash: storedHash(event),
      };
    }
    if (newer.length > 0) this.cache.set(tenant, state);
    return state;
  }
}
