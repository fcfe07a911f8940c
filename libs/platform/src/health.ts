import { Controller, Get, Global, HttpException, Injectable, Module } from '@nestjs/common';
import { Public } from './api-key';

/** What one component says about itself: up (its connection works) and ready (caught up, serving). */
export interface HealthReport {
  up: boolean;
  ready?: boolean;
  [detail: string]: unknown;
}

export type HealthCheck = () => Promise<HealthReport> | HealthReport;

/** Components register their checks; /health and /health/ready report them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async report(): Promise<{ up: boolean; ready: boolean; checks: Record<string, HealthReport> }> {
    const checks: Record<string, HealthReport> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          checks[name] = await check();
        } catch (error) {
          checks[name] = { up: false, error: (error as Error).message };
        }
      }),
    );
    const reports = Object.values(checks);
    const up = reports.every((report) => report.up);
    return { up, ready: up && reports.every((report) => report.ready !== false), checks };
  }
}

/** Public: load balancers and orchestrators probe it without a key. */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** Liveness: 200 while every connection works, 503 with the failing check otherwise. */
  @Get()
  async health() {
    const { up, checks } = await this.registry.report();
    const body = { status: up ? 'up' : 'down', checks };
    if (!up) throw new HttpException(body, 503);
    return body;
  }

  /** Readiness: also 503 while a component is still catching up (a projector replaying, say). */
  @Get('ready')
  async ready() {
    const { ready, checks } = await this.registry.report();
    const body = { status: ready ? 'ready' : 'not ready', checks };
    if (!ready) throw new HttpException(body, 503);
    return body;
  }
}

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule {}
