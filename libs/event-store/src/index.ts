export * from './checkpoint-store.port';
export * from './errors';
export * from './event-store.module';
export * from './event-store.port';
export * from './sqlite/sqlite-checkpoint-store';
export * from './sqlite/sqlite-event-store';
