export * from './customer-profile';
export * from './dashboards';
export * from './program-profile';
export * from './project-events';
export * from './projector';
export * from './read-models';
export * from './rebuild';
export * from './projector.module';
