import { Partitioners } from 'kafkajs';
import type { ICustomPartitioner } from 'kafkajs';

/**
 * kafkajs's default partitioner (murmur2 of the key, as the Java client), remembering each key's
 * partition for the topic's partition count: members come back, and hashing every message's key
 * again was a good part of a producer thread's CPU. Past `rememberedKeys` keys it starts over.
 */
export const rememberingPartitioner = (rememberedKeys = 100_000): ICustomPartitioner => () => {
  const partitioner = Partitioners.DefaultPartitioner();
  const topics = new Map<string, { partitions: number; keys: Map<string, number> }>();
  let remembered = 0;
  return (args) => {
    const key = args.message.key;
    if (typeof key !== 'string') return partitioner(args);
    let topic = topics.get(args.topic);
    // A topic that gained partitions maps its keys anew, as kafkajs would.
    if (!topic || topic.partitions !== args.partitionMetadata.length) {
      topic = { partitions: args.partitionMetadata.length, keys: new Map() };
      topics.set(args.topic, topic);
    }
    let partition = topic.keys.get(key);
    if (partition === undefined) {
      if (remembered >= rememberedKeys) {
        for (const { keys } of topics.values()) keys.clear();
        remembered = 0;
      }
      partition = partitioner(args);
      topic.keys.set(key, partition);
      remembered += 1;
    }
    return partition;
  };
};
