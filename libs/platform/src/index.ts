export * from './config';
export * from './health';
export * from './api-key';
