import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** A thread as the operating system knows it: its id (as top -H shows it) and its nice value. */
export interface ThreadPriority {
  threadId: number;
  nice: number;
}

/**
 * Lowers the scheduling priority of the calling thread (not its process) by `niceness` (as nice(1)
 * counts, up to 19), and of the threads it starts from then on, which inherit it. Linux only: there
 * a thread has a priority of its own, set through its thread id (from /proc/thread-self). Elsewhere
 * nothing changes and null is returned. A system that refuses the change leaves the priority as it
 * was, which the returned nice value shows.
 */
export function lowerThreadPriority(niceness: number): ThreadPriority | null {
  if (process.platform !== 'linux') return null;
  let threadId: number;
  try {
    // "<pid>/task/<tid>"
    threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
  const before = getPriority(threadId);
  try {
    if (niceness !== 0) setPriority(threadId, Math.min(19, before + niceness));
  } catch {
    // Left as it was.
  }
  return { threadId, nice: getPriority(threadId) };
}
