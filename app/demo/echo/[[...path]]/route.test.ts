import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { GET, POST } from './route';

const at = 'http://127.0.0.1:3000/demo/echo/orders?size=2';

describe('the demo echo', () => {
  it('says a credential came without showing it', async () => {
    const request = new NextRequest(at, {
      headers: {
        cookie: 'authjs.session-token=secret-session',
        authorization: 'Bearer secret-token',
        'x-mine': 'shown',
      },
    });
    const answer = await GET(request);
    const text = await answer.text();
    expect(answer.status).toBe(200);
    expect(text).not.toContain('secret-session');
    expect(text).not.toContain('secret-token');
    expect(JSON.parse(text)).toMatchObject({
      path: '/orders',
      query: { size: '2' },
      headers: { cookie: '(hidden)', authorization: '(hidden)', 'x-mine': 'shown' },
    });
  });

  it('counts a body up to a megabyte and refuses a larger one, announced or streamed, with 413', async () => {
    const answer = await POST(new NextRequest(at, { method: 'POST', body: 'x'.repeat(1024 * 1024) }));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ bodyBytes: 1024 * 1024 });
    const announced = new NextRequest(at, {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 1),
      headers: { 'content-length': String(1024 * 1024 + 1) },
    });
    expect((await POST(announced)).status).toBe(413);
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64)
          controller.enqueue(chunk); // 16 MB, never declared
        else controller.close();
      },
    });
    const refused = await POST(new NextRequest(at, { method: 'POST', body: streamed, duplex: 'half' }));
    expect(refused.status).toBe(413);
    expect(sent).toBeLessThan(64);
  });
});
