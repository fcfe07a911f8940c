import { Partitioners } from 'kafkajs';
import type { PartitionerArgs } from 'kafkajs';
import { rememberingPartitioner } from './remembering-partitioner';

const metadata = new Map<number, PartitionerArgs['partitionMetadata']>();
const args = (topic: string, partitions: number, key?: string): PartitionerArgs => {
  let partitionMetadata = metadata.get(partitions);
  if (!partitionMetadata) {
    partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
    metadata.set(partitions, partitionMetadata);
  }
  return { topic, partitionMetadata, message: { key, value: '{}' } };
};

describe('the producer threads\' partitioner', () => {
  it('puts every key where kafkajs\'s default (Java-compatible) partitioner does, asked once or many times', () => {
    const remembering = rememberingPartitioner()();
    const reference = Partitioners.DefaultPartitioner();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 500; i++) {
        const key = `customer-kopi-c${i}`;
        expect(remembering(args('setia.kopi.customer', 6, key))).toBe(reference(args('setia.kopi.customer', 6, key)));
      }
    }
  });

  it('maps keys anew when the topic has more partitions, and keeps topics apart', () => {
    const remembering = rememberingPartitioner()();
    const reference = Partitioners.DefaultPartitioner();
    const keys = Array.from({ length: 200 }, (_, i) => `customer-kopi-c${i}`);
    for (const key of keys) remembering(args('setia.kopi.customer', 3, key));
    for (const key of keys) {
      expect(remembering(args('setia.kopi.customer', 12, key))).toBe(reference(args('setia.kopi.customer', 12, key)));
      expect(remembering(args('setia.kopi.program', 1, key))).toBe(0);
    }
    expect(new Set(keys.map((key) => remembering(args('setia.kopi.customer', 12, key)))).size).toBeGreaterThan(3);
  });

  it('still agrees after it has forgotten (more keys than it remembers)', () => {
    const remembering = rememberingPartitioner(10)();
    const reference = Partitioners.DefaultPartitioner();
    for (let i = 0; i < 25; i++) remembering(args('setia.kopi.customer', 6, `k${i}`));
    for (const key of ['k0', 'k1', 'k19', 'k24', 'new']) {
      expect(remembering(args('setia.kopi.customer', 6, key))).toBe(reference(args('setia.kopi.customer', 6, key)));
    }
  });

  it('spreads messages without a key over the partitions, as kafkajs does', () => {
    const remembering = rememberingPartitioner()();
    const partitions = new Set(Array.from({ length: 12 }, () => remembering(args('setia.kopi.customer', 6))));
    expect(partitions.size).toBe(6);
  });
});
