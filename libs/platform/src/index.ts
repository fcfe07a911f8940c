export * from './config';
export * from './health';
export * from './api-key';
export * from './supervised-worker';
export * from './module-thread';
export * from './worker-side';
export * from './metrics';
export * from './logging';
