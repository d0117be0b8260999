import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedOpenApi } from './parse';

/**
 * Every OpenAPI document text is read here, on a worker thread with a time and memory budget of its
 * own: the YAML reader recurses and allocates as the text asks, and a stack overflow inside V8's
 * regular-expression compiler, or an exhausted heap, ends the whole process — console, portal and
 * gateway. A document that overruns its thread's budget ends that thread only, and reads as a
 * refusal.
 */

export interface ReadBudget {
  /** Wall time one document may take, from its thread's start. */
  timeoutMs: number;
  /** Heap one document's thread may use. */
  memoryMb: number;
}

/** A 1 MB document reads in 2–5 s with about 64 MB of heap on a busy 2-core machine; these leave room. */
export const defaultReadBudget: ReadBudget = { timeoutMs: 20_000, memoryMb: 256 };

/** Threads reading at once: a burst of page views cannot hold more than this many heaps. */
const concurrentReads = 2;

export type ReadOpenApi =
  | ParsedOpenApi
  /** The thread ran out of time or memory, or stopped: `timeout` may read another time. */
  | { ok: false; errors: string[]; unread: 'timeout' | 'memory' | 'stopped' };

/** The worker's file: Node loads it as it is, wherever this module was bundled to. */
function workerFile(): string {
  const file = path.join(process.cwd(), 'lib', 'openapi', 'document-worker.mjs');
  if (!existsSync(file))
    throw new Error(`The OpenAPI document reader is missing: ${file} (run Portico from its folder)`);
  return file;
}

let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= concurrentReads) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

/** Reads a document's text as `parseOpenApi` does, off this thread and within `budget`. */
export async function readOpenApi(text: string, budget: ReadBudget = defaultReadBudget): Promise<ReadOpenApi> {
  const done = await turn();
  try {
    return await readOnThread(text, budget);
  } finally {
    done();
  }
}

function readOnThread(text: string, { timeoutMs, memoryMb }: ReadBudget): Promise<ReadOpenApi> {
  return new Promise((resolve) => {
    const worker = new Worker(workerFile(), {
      workerData: { text },
      // The default stack; the nesting cap keeps real documents far from it.
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, stackSizeMb: 4 },
    });
    let settled = false;
    const settle = (result: ReadOpenApi) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle({
          ok: false,
          unread: 'timeout',
          errors: [`The document could not be read within ${timeoutMs / 1000} seconds; it is too large or too complex`],
        }),
      timeoutMs,
    );
    worker.on('message', (result: ParsedOpenApi) => settle(result));
    worker.on('error', (error: Error & { code?: string }) =>
      settle(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? {
              ok: false,
              unread: 'memory',
              errors: [`The document could not be read: reading it needs more than ${memoryMb} MB`],
            }
          : { ok: false, unread: 'stopped', errors: [`The document could not be read: ${error.message}`] },
      ),
    );
    worker.on('exit', (code) =>
      settle({ ok: false, unread: 'stopped', errors: [`The document could not be read (its reader exited: ${code})`] }),
    );
  });
}
