import { Worker } from 'node:worker_threads';
import type { CallRecord } from './record';

export interface WriterThread {
  /** Writes the calls in the thread; rejects with the thread's reason when they could not be. */
  write(calls: readonly CallRecord[]): Promise<void>;
  /** False once the thread failed or ended: the caller writes in its own thread from then on. */
  alive(): boolean;
  /** Closes the thread's connection and ends it, after the writes it was handed. */
  close(): Promise<void>;
}

/**
 * Metrics writes on PostgreSQL in a thread of their own (`writer-worker.ts`, bundled next to the
 * entry by `scripts/run.mjs`, which names the file in PORTICO_METRICS_WORKER): the gateway's thread
 * only hands each batch over. Rolling calls up, making the JSON of raw rows and sending it cost the
 * gateway's thread several microseconds a call — and more in throughput, as a busier event loop
 * coalesces fewer socket writes. Null when no worker file is known (the tests, under tsx): the
 * caller then writes in its own thread.
 */
export function startWriterThread(
  url: string,
  workerFile: string | undefined = process.env.PORTICO_METRICS_WORKER,
): WriterThread | null {
  if (!workerFile) return null;
  const worker = new Worker(workerFile, { workerData: { url } });
  // A writer thread never keeps the process alive; shutdown closes it.
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      failure ??= new Error(`the metrics writer thread exited (${code})`);
      for (const waiter of pending.values()) waiter.reject(failure);
      pending.clear();
      resolve();
    });
  });
  worker.on('error', (error) => {
    failure = error;
  });
  worker.on('message', (message: { id: number; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error === undefined) waiter?.resolve();
    else waiter?.reject(new Error(message.error));
  });
  return {
    alive: () => failure === null,
    write(calls) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, calls });
      });
    },
    async close() {
      if (!failure) worker.postMessage('close');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      if (!failure) await worker.terminate();
    },
  };
}
