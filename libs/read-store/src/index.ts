export * from './filter';
export * from './mongodb/mongodb-read-store';
export * from './names';
export * from './read-store.module';
export * from './read-store.port';
export * from './sqlite/sqlite-read-store';
