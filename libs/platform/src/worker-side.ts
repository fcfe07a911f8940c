import { parentPort } from 'node:worker_threads';
import type { SupervisorMessage, WorkerMessage } from './supervised-worker';

/**
 * The worker's side of SupervisedWorker: runs `start`, says it is ready (or failed, and ends),
 * answers the supervisor's questions with `answers[question](argument)`, and on `stop` runs the stop
 * function and ends the thread.
 */
export async function serveSupervisor(
  start: () => Promise<{ answers: Record<string, (argument: never) => unknown>; stop(): Promise<void> }>,
): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveSupervisor runs in a worker thread');
  const send = (message: WorkerMessage) => port.postMessage(message);
  let running: Awaited<ReturnType<typeof start>>;
  try {
    running = await start();
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
    process.exit(1);
  }
  port.on('message', (message: SupervisorMessage) => {
    if (message.type === 'stop') {
      running.stop().then(
        () => {
          send({ type: 'stopped' });
          port.close();
        },
        (error: Error) => {
          send({ type: 'failed', message: `stopping: ${error.message}` });
          process.exit(1);
        },
      );
      return;
    }
    const answer = running.answers[message.question];
    if (!answer) {
      send({ type: 'answer', id: message.id, error: `no answer to ${message.question}` });
      return;
    }
    Promise.resolve(message.argument as never)
      .then(answer)
      .then(
        (value) => send({ type: 'answer', id: message.id, value }),
        (error: Error) => send({ type: 'answer', id: message.id, error: error.message }),
      );
  });
  send({ type: 'ready' });
}
