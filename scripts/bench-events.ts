import './server-only-shim';
import { performance } from 'node:perf_hooks';
import type { Database, Db } from '@/db';
import { loadCaller } from '@/lib/auth/caller';
import type { Caller } from '@/lib/auth/permissions';
import { createClient } from '@/lib/clients/create';
import { changeClientStatus } from '@/lib/clients/lifecycle';
import { approveContracts, signContract } from '@/lib/contracts/commands';
import { seedDemoData } from '@/lib/demo/seed';
import { Dispatcher, startDispatcher } from '@/lib/events/dispatcher';
import { recordEvents, setEventRecording, systemActor, type NewEvent } from '@/lib/events/outbox';
import type { EventChannel } from '@/lib/events/types';
import { alternatingMedians, openBenchDatabase, runs } from './bench-support';

/**
 * `npm run bench -- events`: (a) what the outbox costs a command — approving a contract (two events:
 * the approval and the client's registration) and a client's status transition (one event), with
 * recording on and off (`setEventRecording`) in alternating rounds, the dispatcher running as in
 * `npm start` (woken by each commit, a channel doing nothing); (b) the dispatcher's throughput,
 * events delivered per second through one such channel from a backlog. On PGlite in a temporary
 * folder, and on a fresh PostgreSQL database too when BENCH_DATABASE_URL is set.
 */

const backlog = 5_000;
/** A channel that costs nothing: what is measured is the outbox and the dispatcher. */
const nothing: EventChannel = { name: 'bench', deliver: () => Promise.resolve() };
const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);

let made = 0;

/** A new client version of the demo development team, through the console's command. */
async function newClientVersion(w: World): Promise<number> {
  const created = await createClient(
    { db: w.db, caller: w.editor },
    { orgSlug: 'acme-development-team', name: `Bench client ${++made}`, version: '1.0' },
  );
  if (!created.ok) throw new Error(created.message);
  return created.data.clientVersionId;
}

interface World {
  db: Db;
  editor: Caller;
  developer: Caller;
  ids: Awaited<ReturnType<typeof seedDemoData>>;
}

async function world(database: Database): Promise<World> {
  await database.migrate();
  const ids = await seedDemoData(database.db, 'http://127.0.0.1:9');
  const editor = await loadCaller(database.db, ids.users.editor);
  const developer = await loadCaller(database.db, ids.users.developer);
  if (!editor || !developer) throw new Error('demo callers missing');
  return { db: database.db, editor, developer, ids };
}

/** Contracts awaiting approval, one per new client version, for the approvals to come. */
async function pendingContracts(w: World, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const signed = await signContract(
      { db: w.db, caller: w.developer },
      {
        clientVersionId: await newClientVersion(w),
        apiVersionId: w.ids.apiVersions.echo,
        planVersionId: w.ids.planVersions.gold,
      },
    );
    if (!signed.ok) throw new Error(signed.message);
    ids.push(signed.data.contractId);
  }
  return ids;
}

/** Each call approves the next pending contract, with recording `on` or off. */
function approving(w: World, pending: number[], on: boolean) {
  return async () => {
    const contractId = pending.pop();
    if (contractId === undefined) throw new Error('no pending contract left');
    setEventRecording(on);
    try {
      const result = await approveContracts({ db: w.db, caller: w.editor }, { contractIds: [contractId] });
      if (!result.ok) throw new Error(result.message);
    } finally {
      setEventRecording(true);
    }
  };
}

/** Each call moves one registered client version between Registered and Retired (Unregister, Re-register). */
async function transitioning(w: World, on: boolean) {
  const clientVersionId = await newClientVersion(w);
  const signed = await signContract(
    { db: w.db, caller: w.developer },
    { clientVersionId, apiVersionId: w.ids.apiVersions.echo, planVersionId: w.ids.planVersions.bronze },
  );
  if (!signed.ok) throw new Error(signed.message);
  let registered = true;
  return async () => {
    setEventRecording(on);
    try {
      const input = registered
        ? { clientVersionId, action: 'unregister', expected: 'Registered' }
        : { clientVersionId, action: 'reregister', expected: 'Retired' };
      const result = await changeClientStatus({ db: w.db, caller: w.editor }, input);
      if (!result.ok) throw new Error(result.message);
      registered = !registered;
    } finally {
      setEventRecording(true);
    }
  };
}

/**
 * Approving and a status transition, recording on and off in turn. `dispatching`: the dispatcher
 * runs as in `npm start`, each commit waking it — on PGlite its statements share the database's one
 * thread with the next command's.
 */
async function commandCosts(w: World, database: Database, kind: string, dispatching: boolean) {
  const running = dispatching ? startDispatcher(database.db, { channels: [nothing] }) : null;
  try {
    const rounds = runs + 3; // alternatingMedians warms up with 3 rounds
    const on = await pendingContracts(w, rounds);
    const off = await pendingContracts(w, rounds);
    const [approveOn = 0, approveOff = 0, statusOn = 0, statusOff = 0] = await alternatingMedians([
      approving(w, on, true),
      approving(w, off, false),
      await transitioning(w, true),
      await transitioning(w, false),
    ]);
    const how = dispatching ? 'the dispatcher delivering meanwhile' : 'recording alone, no dispatcher';
    console.log(`\nWhat the outbox costs a command (${kind}, ${how}; median of ${runs} runs, in turn each round)`);
    console.log(`${''.padEnd(44)} ${'off'.padStart(10)} ${'on'.padStart(10)} ${'off/on'.padStart(7)}`);
    const row = (label: string, without: number, withEvents: number) =>
      console.log(
        `${label.padEnd(44)} ${ms(without)} ${ms(withEvents)} ${(without / withEvents).toFixed(2).padStart(7)}`,
      );
    row('approve a contract (2 events)', approveOff, approveOn);
    row('unregister / re-register a client (1 event)', statusOff, statusOn);
    console.log('target: off/on ≥ 0.95');
  } finally {
    await running?.stop();
  }
}

async function throughput(database: Database, kind: string) {
  const event = (n: number): NewEvent => ({
    type: 'portico.user.registered',
    orgId: null,
    data: { user: { id: n, name: `User ${n}` }, org: { id: n, slug: `org-${n}`, name: `Org ${n}` } },
    actor: systemActor,
  });
  for (let start = 0; start < backlog; start += 500)
    await database.db.transaction((tx) =>
      recordEvents(
        tx,
        Array.from({ length: 500 }, (_, i) => event(start + i)),
      ),
    );
  const dispatcher = new Dispatcher(database.db, { channels: [nothing] });
  const started = performance.now();
  let delivered = 0;
  for (let pass = 0; delivered < backlog && pass < 10_000; pass++) delivered += (await dispatcher.runOnce()).delivered;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Dispatcher (${kind}): ${delivered.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s, ` +
      `${Math.round(delivered / seconds).toLocaleString('en-US')} events/s (batches of 50, one channel doing nothing)`,
  );
}

export async function benchEvents() {
  const targets: { kind: string; serverUrl: string | undefined }[] = [{ kind: 'PGlite', serverUrl: undefined }];
  if (process.env.BENCH_DATABASE_URL) targets.push({ kind: 'PostgreSQL', serverUrl: process.env.BENCH_DATABASE_URL });
  for (const { kind, serverUrl } of targets) {
    const commands = await openBenchDatabase(serverUrl);
    try {
      const w = await world(commands.database);
      await commandCosts(w, commands.database, kind, false);
      await commandCosts(w, commands.database, kind, true);
    } finally {
      await commands.done();
    }
    const backlogDatabase = await openBenchDatabase(serverUrl);
    try {
      await backlogDatabase.database.migrate();
      await throughput(backlogDatabase.database, kind);
    } finally {
      await backlogDatabase.done();
    }
  }
}
