// The embedded database's thread (see db/pglite-thread.ts): PGlite runs here, so its statements
// never hold the thread that serves the gateway's calls. Plain JavaScript: Node loads it as it is,
// under `npm start`, tsx, Vitest and the bench alike.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

if (!parentPort) throw new Error('db/pglite-worker.mjs runs as a worker thread');
const port = parentPort;

// Linux applies a priority set with pid 0 to the calling thread only: the main thread keeps its
// own, and wins the CPU over database work when both want it (workerData.nice; 0 leaves it).
if (workerData.nice) {
  try {
    setPriority(workerData.nice);
  } catch {
    // Not permitted here (some containers): the thread runs at the process's priority.
  }
}

const db = new PGlite({
  dataDir: workerData.dataDir ?? undefined,
  // Compiled once by the process (db/pglite-thread.ts), not again by every thread.
  pgliteWasmModule: workerData.program,
  // Trigram indexes serve the lists' substring searches (drizzle/0007_list_search_indexes.sql).
  extensions: { pg_trgm },
});

/** Open transactions by id: PGlite's transaction object, and how to end its callback. */
const transactions = new Map();
/** Listeners by id: how to unsubscribe each. */
const listeners = new Map();
let nextId = 1;

const reply = (id, result) => port.postMessage({ id, ok: true, result });
const fail = (id, error) => port.postMessage({ id, ok: false, error: describe(error) });

/** An error as data: Error objects lose PostgreSQL's fields (code, constraint, …) when cloned. */
function describe(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** drizzle passes type parsers that return the text as it is; functions cannot cross threads. */
function optionsOf(message) {
  const options = {};
  if (message.rowMode) options.rowMode = message.rowMode;
  if (message.rawTypes) options.parsers = Object.fromEntries(message.rawTypes.map((type) => [type, (v) => v]));
  return options;
}

const rolledBack = Symbol('rolled back');

async function handle(message) {
  switch (message.op) {
    case 'query': {
      const target = message.tx ? transactions.get(message.tx)?.tx : db;
      if (!target) throw new Error('The transaction has ended.');
      const result = await target.query(message.sql, message.params, optionsOf(message));
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case 'begin': {
      const id = nextId++;
      return new Promise((started, failed) => {
        const entry = { tx: null, end: null, done: null };
        const ended = new Promise((resolve) => (entry.end = resolve));
        entry.done = db
          .transaction(async (tx) => {
            entry.tx = tx;
            transactions.set(id, entry);
            started({ tx: id });
            if (!(await ended)) throw rolledBack;
          })
          .catch((error) => {
            if (error !== rolledBack) throw error;
          })
          .finally(() => transactions.delete(id));
        entry.done.catch(failed); // BEGIN itself failed (the promise above already settled otherwise)
      });
    }
    case 'end': {
      const entry = transactions.get(message.tx);
      if (!entry) throw new Error('The transaction has ended.');
      entry.end(message.commit);
      await entry.done;
      return null;
    }
    case 'listen': {
      const id = nextId++;
      const unsubscribe = await db.listen(message.channel, (payload) =>
        port.postMessage({ op: 'notify', listener: id, payload }),
      );
      listeners.set(id, unsubscribe);
      return { listener: id };
    }
    case 'unlisten': {
      const unsubscribe = listeners.get(message.listener);
      listeners.delete(message.listener);
      await unsubscribe?.();
      return null;
    }
    case 'close': {
      await db.close();
      return null;
    }
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

port.on('message', (message) => {
  handle(message).then(
    (result) => reply(message.id, result),
    (error) => fail(message.id, error),
  );
});
