import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { memberships } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { approveContracts, signContract } from '@/lib/contracts/commands';
import type { EventType, PorticoEvent } from '@/lib/events/types';
import { POST as unsubscribe } from '@/app/mail/unsubscribe/route';
import { callerOf, makeClientVersion, makeUser } from '@/test/factories';
import { linkIn, startSmtpServer } from '@/test/smtp';
import { demoWorld, type DemoWorld } from '@/test/world';
import { mailChannel } from '@/lib/mail/channel';
import { startMailDigest } from '@/lib/mail/digest';
import { setMailPreferences } from '@/lib/mail/preference-commands';
import { preferencesOf } from '@/lib/mail/preferences';

const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };
const origin = 'https://portico.example.test';
let world: DemoWorld;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let bare: Awaited<ReturnType<typeof startSmtpServer>>;
let editor: Caller;
let developer: Caller;
let admin: Caller;
const saved = { SMTP_URL: process.env.SMTP_URL, PORTICO_PUBLIC_URL: process.env.PORTICO_PUBLIC_URL };

beforeAll(async () => {
  [world, smtp, bare] = await Promise.all([demoWorld(), startSmtpServer(), startSmtpServer()]);
  ({ editor, developer, admin } = world.callers);
  process.env.PORTICO_PUBLIC_URL = origin;
  // The unsubscribe route reaches the database through the process's one client: this test's.
  (globalThis as Holder)[databaseKey] = world.database;
});
beforeEach(() => {
  process.env.SMTP_URL = smtp.url();
});
afterAll(async () => {
  delete (globalThis as Holder)[databaseKey];
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  await Promise.all([world.cleanup(), smtp.close(), bare.close()]);
});

const eventOf = (type: EventType, data: Record<string, unknown>, actor: Caller): PorticoEvent => ({
  id: randomUUID(),
  type,
  occurredAt: new Date(),
  orgId: null,
  data,
  actor: { userId: actor.userId, name: actor.name, source: 'console' },
});

/** A Gold sign-up request of a new client of the development team (Gold needs approval). */
async function goldRequest(name?: string) {
  const { version } = await makeClientVersion(world.db, world.ids.orgs.devTeam, { name });
  const signed = await signContract(
    { db: world.db, caller: developer },
    {
      clientVersionId: version.id,
      apiVersionId: world.ids.apiVersions.echo,
      planVersionId: world.ids.planVersions.gold,
    },
  );
  if (!signed.ok || signed.data.status !== 'AwaitingApproval') throw new Error(JSON.stringify(signed));
  return { contractId: signed.data.contractId, clientVersionId: version.id };
}

describe('mail of events', () => {
  it('mails a Gold sign-up request to the approvers with one deep link, not to the requester', async () => {
    const { contractId } = await goldRequest('<b>Bold</b> & Co');
    await mailChannel.deliver(world.db, eventOf('portico.contract.requested', { contractId }, developer));
    const mails = smtp.to(editor.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toContain('Sign-up request: <b>Bold</b> & Co 1.0 for ACME Echo Test API');
    expect(linkIn(mail?.text ?? '', `${origin}/console/`)).toBe(`${origin}/console/approvals?request=${contractId}`);
    // Every variable is escaped in the HTML part.
    expect(mail?.html).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; Co');
    expect(mail?.html).not.toContain('<b>Bold</b>');
    expect(mail?.html).toContain(`href="${origin}/console/approvals?request=${contractId}"`);
    expect(smtp.to(developer.email)).toHaveLength(0);
  });

  it('mails an approval to the requester and the client organization’s Editors, never the actor, once', async () => {
    const colleague = await makeUser(world.db, { profile: 'developer' });
    await world.db.insert(memberships).values({ orgId: world.ids.orgs.devTeam, userId: colleague.id, role: 'Editor' });
    const { contractId } = await goldRequest();
    expect((await approveContracts({ db: world.db, caller: editor }, { contractIds: [contractId] })).ok).toBe(true);
    const before = { editor: smtp.to(editor.email).length, developer: smtp.to(developer.email).length };
    const event = eventOf('portico.contract.approved', { contractId }, editor);
    await mailChannel.deliver(world.db, event);
    await mailChannel.deliver(world.db, event); // redelivered: at least once, mailed once
    const [toRequester] = smtp.to(developer.email).slice(before.developer);
    expect(smtp.to(developer.email).length - before.developer).toBe(1);
    expect(toRequester?.subject).toMatch(/^Approved: /);
    expect(toRequester?.text).toContain(`${editor.name} approved`);
    expect(linkIn(toRequester?.text ?? '', `${origin}/portal/my-clients`)).toContain('#client-');
    expect(smtp.to(colleague.email)).toHaveLength(1);
    expect(smtp.to(editor.email).length).toBe(before.editor); // Editor of the team too, but the actor
    // One-click unsubscribe headers (RFC 8058).
    expect(toRequester?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(toRequester?.headers['list-unsubscribe']).toContain(`${origin}/mail/unsubscribe?u=`);
  });

  it('refuses to send without STARTTLS unless the URL says so, so the event is tried again', async () => {
    const { contractId } = await goldRequest();
    await approveContracts({ db: world.db, caller: admin }, { contractIds: [contractId] });
    const event = eventOf('portico.contract.approved', { contractId }, admin);
    process.env.SMTP_URL = bare.url(false); // no ?tls=off: STARTTLS required, and the server has none
    await expect(mailChannel.deliver(world.db, event)).rejects.toThrow(/STARTTLS/i);
    expect(bare.received).toHaveLength(0);
    process.env.SMTP_URL = bare.url(true);
    await mailChannel.deliver(world.db, event);
    expect(bare.to(developer.email)).toHaveLength(1);
  });
});

describe('preferences', () => {
  it('sends nothing for a category turned off, and a digest line sent by the daily job', async () => {
    const person = await makeUser(world.db);
    await world.db.insert(memberships).values({ orgId: world.ids.orgs.devTeam, userId: person.id, role: 'Editor' });
    const caller = await callerOf(world.db, person.id);
    expect(
      (await setMailPreferences({ db: world.db, caller }, { contract_decisions: 'off', client_events: 'digest' })).ok,
    ).toBe(true);
    const { contractId, clientVersionId } = await goldRequest();
    await approveContracts({ db: world.db, caller: admin }, { contractIds: [contractId] });
    await mailChannel.deliver(world.db, eventOf('portico.contract.approved', { contractId }, admin));
    await mailChannel.deliver(world.db, eventOf('portico.client.registered', { clientVersionId }, admin));
    expect(smtp.to(person.email)).toHaveLength(0);

    // The daily job, on an injected clock: it waits for 07:00 UTC, then sends the digest.
    const timers: { run: () => void; delayMs: number }[] = [];
    const now = new Date('2026-12-08T05:30:00Z');
    const stop = startMailDigest(world.db, {
      now: () => now,
      setTimer: (run, delayMs) => {
        timers.push({ run, delayMs });
        return {};
      },
      clearTimer: () => {},
    });
    expect(timers[0]?.delayMs).toBe(90 * 60_000);
    timers[0]?.run();
    await stop();
    const [digest] = smtp.to(person.email);
    expect(digest?.subject).toBe('Portico: 1 update since yesterday');
    expect(digest?.text).toMatch(/Registered: .* 1\.0/);
    expect(digest?.text).not.toContain('Approved');
    expect(timers).toHaveLength(1); // stopped: no next run
  });

  it('keeps approval requests on while a request waits for the person', async () => {
    await goldRequest();
    const result = await setMailPreferences({ db: world.db, caller: editor }, { approval_requests: 'off' });
    expect(result).toMatchObject({ ok: false, fieldErrors: { approval_requests: [expect.stringMatching(/waiting/)] } });
    expect((await preferencesOf(world.db, editor.userId)).approval_requests).toBe('immediate');
    expect((await setMailPreferences({ db: world.db, caller: editor }, { approval_requests: 'digest' })).ok).toBe(true);
  });

  it('turns a category off from the mailed one-click link, and refuses a tampered one', async () => {
    const { contractId } = await goldRequest();
    await approveContracts({ db: world.db, caller: admin }, { contractIds: [contractId] });
    const before = smtp.to(developer.email).length;
    await mailChannel.deliver(world.db, eventOf('portico.contract.approved', { contractId }, admin));
    const mail = smtp.to(developer.email)[before];
    const link = (mail?.headers['list-unsubscribe'] ?? '').replace(/^<|>$/g, '');
    const post = (url: string) =>
      unsubscribe(
        new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
      );

    const tampered = link.replace('c=contract_decisions', 'c=client_events');
    expect((await post(tampered)).status).toBe(400);
    const otherPerson = link.replace(/u=\d+/, `u=${editor.userId}`);
    expect((await post(otherPerson)).status).toBe(400);
    expect((await preferencesOf(world.db, developer.userId)).client_events).toBe('immediate');

    expect((await post(link)).status).toBe(200);
    expect((await preferencesOf(world.db, developer.userId)).contract_decisions).toBe('off');
  });
});

describe('recipients left alone', () => {
  it('mails nobody about a published API', async () => {
    const count = smtp.received.length;
    await mailChannel.deliver(
      world.db,
      eventOf('portico.api.published', { apiVersionId: world.ids.apiVersions.echo }, admin),
    );
    expect(smtp.received.length).toBe(count);
  });
});
