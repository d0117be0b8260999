import { expect, signUpWithNewClient, signedInAs, test } from '../fixtures';

signedInAs('developer');

test('the Bronze plan answers the 101st call of a minute with 429 and the rate-limit headers', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await signUpWithNewClient(page, 'Bronze', `Limited App ${Date.now()}`);
  await expect(page.getByRole('heading', { name: 'You are signed up' })).toBeVisible();
  const key = (await page.getByLabel('API Key').textContent())?.trim() ?? '';
  const url = '/gateway/acme-support/acme-echo-test-api/1.0/ping';
  const send = () => request.get(url, { headers: { 'X-API-Key': key } });

  // The registration reaches the gateway within a second.
  await expect.poll(async () => (await send()).status()).toBe(200);

  // Within one minute window the remaining count falls by one per call — 99 after the window's
  // first call, 0 after its 100th — and the next call is refused. (A window may already hold the
  // calls above; a new one starts again at 99.)
  let previous: number | null = null;
  for (let i = 0; i < 250; i++) {
    const answer = await send();
    const headers = answer.headers();
    if (answer.status() === 429) {
      expect(previous).toBe(0);
      expect(headers['x-ratelimit-limit']).toBe('100');
      expect(headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(headers['x-ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(headers['retry-after'])).toBeGreaterThan(0);
      expect(headers['x-policy-failure-type']).toBe('RateLimiting');
      expect(headers['x-policy-failure-code']).toBe('rate_limit_exceeded');
      expect(await answer.json()).toEqual({
        error: 'rate_limit_exceeded',
        message: 'Rate limit exceeded: at most 100 requests per minute.',
      });
      return;
    }
    expect(answer.status()).toBe(200);
    expect(headers['x-ratelimit-limit']).toBe('100');
    const remaining = Number(headers['x-ratelimit-remaining']);
    if (previous !== null && remaining !== 99) expect(remaining).toBe(previous - 1);
    previous = remaining;
  }
  throw new Error('no call was refused');
});
