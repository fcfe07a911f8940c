import { dirname, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` that sits beside `callerFile` (the caller's
 * __filename). Built, that is JavaScript; run from the TypeScript sources (jest), the thread
 * compiles them with swc as it loads them, as jest does. Such a module imports packages and
 * relative paths only: jest's path aliases (@setia/…) do not exist in the thread.
 */
export function startModuleThread(callerFile: string, name: string, options: WorkerOptions = {}): Worker {
  const file = join(dirname(callerFile), `${name}${extname(callerFile)}`);
  if (extname(file) !== '.ts') return new Worker(file, options);
  const loader = `
    const { readFileSync } = require('node:fs');
    const { transformSync } = require(${JSON.stringify(require.resolve('@swc/core'))});
    require.extensions['.ts'] = (module, filename) => module._compile(transformSync(readFileSync(filename, 'utf8'), {
      filename, module: { type: 'commonjs' }, jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    }).code, filename);
    require(${JSON.stringify(file)});`;
  return new Worker(loader, { ...options, eval: true });
}

/**
 * Asks a thread that ends on the message 'close' to close, and waits until it has ended. The
 * process stays until then: an unreferenced thread could let it end with the caller's close unsettled.
 */
export async function closeThread(worker: Worker): Promise<void> {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.ref();
  worker.postMessage('close');
  await exited;
}
