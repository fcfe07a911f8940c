export * from './blind-index';
export * from './personal-data';
export * from './personal-data-vault.port';
export * from './personal-data.module';
export * from './personal-fields';
export * from './sealed-value';
export * from './mongodb/mongodb-personal-data-vault';
export * from './sqlite/sqlite-personal-data-vault';
