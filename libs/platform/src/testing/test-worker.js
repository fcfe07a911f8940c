// A worker for supervised-worker.spec.ts, speaking SupervisedWorker's protocol by hand.
// workerData.behaviour: 'steady' runs until stopped; 'crash-once' ends with an error shortly after
// its first start (it leaves workerData.marker behind so the next start runs steadily);
// 'fail-start' fails before it is ready; 'deaf' ignores stop. Questions: 'double' answers twice its
// argument's `n`, after its `afterMs`; any other answers the thread's health.
'use strict';
const { existsSync, writeFileSync } = require('node:fs');
const { parentPort, workerData, threadId } = require('node:worker_threads');

const { behaviour, marker } = workerData;
if (behaviour === 'fail-start') {
  parentPort.postMessage({ type: 'failed', message: 'cannot open the store' });
  process.exit(1);
}
const keepAlive = setInterval(() => {}, 1000);
parentPort.on('message', (message) => {
  if (message.type === 'ask' && message.question === 'double') {
    setTimeout(() => parentPort.postMessage({ type: 'answer', id: message.id, value: message.argument.n * 2 }), message.argument.afterMs);
  } else if (message.type === 'ask') parentPort.postMessage({ type: 'answer', id: message.id, value: { up: true, threadId } });
  if (message.type === 'stop' && behaviour !== 'deaf') {
    clearInterval(keepAlive);
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
if (behaviour === 'crash-once' && !existsSync(marker)) {
  writeFileSync(marker, 'crashed once');
  setTimeout(() => {
    throw new Error('the read store went away');
  }, 50);
}
