import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` (without extension) next to `callerUrl` (pass
 * `import.meta.url`). From compiled JavaScript that is `name.js`. When running the TypeScript sources
 * under tsx, Node 20 does not hand the TypeScript loader on to worker threads, so the worker first
 * registers tsx and then imports `name.ts`.
 */
export function startModuleWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL(`./${name}.ts`, callerUrl).href);
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${entry}); });`, {
    ...options,
    eval: true,
  });
}
