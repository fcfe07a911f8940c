import { Inject, Injectable, Logger, Module, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { HealthRegistry, lagGauges } from '@setia/platform';
import type { HealthReport } from '@setia/platform';
import { READ_STORE_ENGINE } from '@setia/read-store';
import type { ReadStoreEngine } from '@setia/read-store';
import { Projector } from './projector';
import type { ProjectorLag, ProjectorStatus } from './projector';

/** Runs the projector for as long as the application runs. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly projector: Projector;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE_ENGINE) engine: ReadStoreEngine,
    @Optional() health?: HealthRegistry,
  ) {
    this.projector = new Projector(events, engine, new Logger('Projector'));
    // Up unless its subscription keeps failing; ready once it has caught up with the events.
    health?.register('projector', () => this.health());
    lagGauges('projector', () => this.projector.lag());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }

  status(): ProjectorStatus {
    return this.projector.status();
  }

  /** Up unless its subscription keeps failing; ready once it has caught up with the events; with its lag. */
  async health(): Promise<HealthReport> {
    const status = this.projector.status();
    return { up: status.lastError === null, ready: status.live, ...status, lag: await this.projector.lag() };
  }

  lag(): Promise<ProjectorLag> {
    return this.projector.lag();
  }
}

/** Needs EVENT_STORE and READ_STORE_ENGINE from the global EventStoreModule and ReadStoreModule. */
@Module({ providers: [ProjectorService], exports: [ProjectorService] })
export class ProjectorModule {}
