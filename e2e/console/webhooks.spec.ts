import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect, signedInAs, test } from '../fixtures';

signedInAs('editor');

interface Received {
  headers: Record<string, string>;
  body: string;
}

test('an Editor adds a webhook, sees its secret once, sends a test event, redelivers it, rotates the secret and deletes it', async ({
  page,
}) => {
  // The receiver: on 127.0.0.1, which the e2e server lets webhooks reach (PORTICO_WEBHOOK_ALLOW_PRIVATE).
  const received: Received[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      // Other specs' changes in ACME Support reach the webhook too (it takes every event): kept
      // here are the test events this spec sends.
      if ((JSON.parse(body) as { type?: string }).type === 'portico.webhook.test')
        received.push({
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          body,
        });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${Date.now()}`;

  try {
    await page.goto('/console/organizations/acme-support');
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    const form = page.getByRole('form', { name: 'Add webhook' });
    await form.getByLabel('Endpoint URL').fill(url);
    await form.getByLabel('Description').fill('Order system');
    await form.getByRole('button', { name: 'Add webhook' }).click();

    const shown = page.getByRole('region', { name: 'Signing secret' });
    await expect(shown).toContainText('it is not shown again');
    const value = shown.getByRole('textbox', { name: 'Signing secret' });
    await expect(value).toHaveValue(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const secret = await value.inputValue();
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(shown).toBeHidden();

    await page.getByRole('table', { name: 'Webhooks of ACME Support' }).getByRole('link', { name: url }).click();
    await expect(page.getByRole('heading', { name: url, level: 1 })).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'Send test event' }).click();
    const log = page.getByRole('table', { name: 'Delivery log' });
    const row = log.getByRole('row').filter({ hasText: 'portico.webhook.test' });
    await expect(row).toContainText('Delivered');
    await expect(row).toContainText('200');
    await expect(row).toContainText('1 attempt');
    await row.getByText('Show answer').click();
    await expect(row).toContainText('thanks');

    // What came is what a Standard Webhooks receiver accepts with the secret shown once.
    expect(received).toHaveLength(1);
    const [got] = received;
    if (!got) throw new Error('nothing received');
    expect(new Webhook(secret).verify(got.body, got.headers)).toMatchObject({ type: 'portico.webhook.test' });

    // Redeliver: the same event again, with the same webhook-id.
    await row.getByRole('button', { name: 'Redeliver portico.webhook.test' }).click();
    await expect.poll(() => received.length).toBe(2);
    expect(received[1]?.headers['webhook-id']).toBe(got.headers['webhook-id']);

    // Rotate secret: a new one, shown once; both sign during the overlap.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page
      .getByRole('alertdialog', { name: 'Rotate the signing secret?' })
      .getByRole('button', { name: 'Rotate secret' })
      .click();
    const rotated = page.getByRole('region', { name: 'Signing secret' });
    const newSecret = await rotated.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await rotated.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByText('Still signs until')).toBeVisible();

    // Delete: back to the list, without it.
    await page.getByRole('button', { name: 'Delete webhook' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete the webhook to ${url}?` });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await expect(page.getByRole('tab', { name: 'Webhooks', selected: true })).toBeVisible();
    await expect(page.getByRole('link', { name: url })).toHaveCount(0);
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
