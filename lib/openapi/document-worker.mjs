// Reads one OpenAPI document on a thread of its own (see reader.ts), so that no document can take the
// request thread's stack, memory or time. Plain JavaScript: Node loads it as it is, under `npm start`,
// tsx, Vitest and Next.js's server alike. One document per thread: a thread whose stack a document
// overflowed is never reused.
import { parentPort, workerData } from 'node:worker_threads';
import { parseOpenApi } from './read-document.mjs';

if (!parentPort) throw new Error('lib/openapi/document-worker.mjs runs as a worker thread');
parentPort.postMessage(parseOpenApi(workerData.text));
