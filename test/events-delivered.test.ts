import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveContracts, signContract } from '@/lib/contracts/commands';
import { Dispatcher } from '@/lib/events/dispatcher';
import { mailChannel } from '@/lib/mail/channel';
import { webhookChannel } from '@/lib/webhooks';
import { createWebhook } from '@/lib/webhooks/commands';
import { createWebhookSender } from '@/lib/webhooks/sender';
import { makeClientVersion } from '@/test/factories';
import { linkIn, startSmtpServer } from '@/test/smtp';
import { demoWorld, type DemoWorld } from '@/test/world';

/**
 * The whole way out, as `npm start` wires it: real commands write their events with the change,
 * the dispatcher hands them to the email and webhook channels, a real SMTP server receives the
 * mail and a real receiver checks the webhook with the `standardwebhooks` library.
 */
const origin = 'https://portico.example.test';
const saved = {
  SMTP_URL: process.env.SMTP_URL,
  PORTICO_PUBLIC_URL: process.env.PORTICO_PUBLIC_URL,
  PORTICO_WEBHOOK_ALLOW_PRIVATE: process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE,
};
let world: DemoWorld;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const hooks: { headers: Record<string, string>; body: string }[] = [];
const receiver = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    hooks.push({ headers: request.headers as Record<string, string>, body });
    response.writeHead(204).end();
  });
});

beforeAll(async () => {
  [world, smtp] = await Promise.all([
    demoWorld(),
    startSmtpServer(),
    new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve)),
  ]);
  process.env.SMTP_URL = smtp.url();
  process.env.PORTICO_PUBLIC_URL = origin;
  process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE = '1'; // the receiver is on 127.0.0.1
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  await Promise.all([world.cleanup(), smtp.close(), new Promise((resolve) => receiver.close(resolve))]);
});

describe('events leaving Portico', () => {
  it('a Gold sign-up mails its approvers a deep link; the approval mails the requester and reaches the webhook', async () => {
    const { editor, developer } = world.callers;
    const devTeam = world.ids.orgs.devTeam;
    const hook = await createWebhook(
      { db: world.db, caller: developer },
      { orgId: devTeam, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, eventTypes: 'all' },
    );
    if (!hook.ok) throw new Error(hook.message);
    const dispatcher = new Dispatcher(world.db, { channels: [mailChannel, webhookChannel] });
    const sender = createWebhookSender(world.db, { allowPrivate: true });

    const { version } = await makeClientVersion(world.db, devTeam, { name: 'Outbox Shop' });
    const signed = await signContract(
      { db: world.db, caller: developer },
      {
        clientVersionId: version.id,
        apiVersionId: world.ids.apiVersions.echo,
        planVersionId: world.ids.planVersions.gold,
      },
    );
    if (!signed.ok) throw new Error(signed.message);
    expect(smtp.to(editor.email)).toHaveLength(0); // nothing leaves before the dispatcher runs
    await dispatcher.drain();

    const request = smtp.to(editor.email).find((mail) => mail.subject.includes('Outbox Shop'));
    expect(request?.subject).toContain('Sign-up request');
    expect(linkIn(request?.text ?? '', `${origin}/console/`)).toBe(
      `${origin}/console/approvals?request=${signed.data.contractId}`,
    );
    expect(smtp.to(developer.email).filter((mail) => mail.subject.includes('Outbox Shop'))).toHaveLength(0);

    const approved = await approveContracts(
      { db: world.db, caller: editor },
      { contractIds: [signed.data.contractId] },
    );
    if (!approved.ok) throw new Error(approved.message);
    await dispatcher.drain();
    const told = smtp.to(developer.email).map((mail) => mail.subject);
    expect(told).toEqual(expect.arrayContaining([expect.stringMatching(/approved.*Outbox Shop/i)]));

    await sender.runOnce();
    await sender.close();
    const types = hooks.map((got) => {
      const payload = new Webhook(hook.data.secret).verify(got.body, got.headers) as { type: string };
      return payload.type;
    });
    expect(types).toEqual(expect.arrayContaining(['portico.contract.requested', 'portico.contract.approved']));
    // Delivered once: a second pass finds nothing left to send.
    const before = smtp.received.length;
    expect(await dispatcher.drain()).toMatchObject({ delivered: 0 });
    expect(smtp.received.length).toBe(before);
  });
});
