export * from './asyncapi/asyncapi';
export * from './cloud-event';
export * from './kafka-publisher';
export * from './local-sink-publisher';
export * from './public-schemas';
export * from './publisher.port';
export * from './relay';
export * from './relay.module';
