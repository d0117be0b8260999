import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@/db/client';
import type { CallRecord } from './record';
import { writeCalls } from './write';

/**
 * The metrics writer's thread (`writer-thread.ts`): writes each batch it is handed to PostgreSQL
 * with a connection of its own, and answers when it is written or why not.
 */
function main() {
  const port = parentPort;
  if (!port) throw new Error('the metrics writer runs in a worker thread');
  const database = openDatabase({ kind: 'postgres', url: (workerData as { url: string }).url });
  port.on('message', (message: { id: number; calls: CallRecord[] } | 'close') => {
    if (message === 'close') {
      void database.close().finally(() => port.close());
      return;
    }
    writeCalls(database.db, message.calls).then(
      () => port.postMessage({ id: message.id }),
      (error: unknown) =>
        port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

main();
