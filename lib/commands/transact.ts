import 'server-only';
import type { Db, Tx } from '@/db';
import { ConflictError, fail, type ActionResult, type Failure } from '@/lib/commands/result';
import type { Caller } from '@/lib/auth/permissions';
import { collectingEvents, eventsCommitted } from '@/lib/events/outbox';

/** Who runs a command and against which database: every command takes it first. */
export interface CommandContext {
  db: Db;
  caller: Caller;
}

/**
 * Runs a command's writes in one transaction. A ConflictError (the row left the state the change
 * started from) rolls everything back and becomes the result the caller shows. The events the
 * command records (lib/events/outbox.ts) are written at its end, in the transaction, and this
 * process's dispatcher is woken once it committed.
 */
export async function transact<T>(db: Db, work: (tx: Tx) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    let recorded = 0;
    const committed = await db.transaction(async (tx) => {
      const { result, recorded: written } = await collectingEvents(
        tx,
        () => work(tx),
        (r) => r.ok,
      );
      if (!result.ok) throw new RolledBack(result);
      recorded = written;
      return result;
    });
    if (recorded > 0) eventsCommitted();
    return committed;
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    if (error instanceof ConflictError) return fail(error.message, undefined, 'conflict');
    throw error;
  }
}

/** A failed result returned inside a transaction must not leave half its writes behind. */
class RolledBack extends Error {
  constructor(readonly result: Failure) {
    super(result.message);
  }
}
