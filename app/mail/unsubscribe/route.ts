import { getDb } from '@/db';
import { escapeHtml } from '@/lib/mail/templates';
import { unsubscribeVerified } from '@/lib/mail/links';
import { turnOffCategory } from '@/lib/mail/preference-commands';
import { categoryLabels, mailCategories, type MailCategory } from '@/lib/mail/preferences';

/**
 * The one-click unsubscribe of every mail but approval requests (RFC 8058): a POST — from the
 * mail program (`List-Unsubscribe=One-Click`) or the button of this page — turns the link's
 * category off. A GET only shows the button: link checkers and previews open links, and must not
 * unsubscribe anyone.
 */

function verified(request: Request): { userId: number; category: MailCategory } | null {
  const url = new URL(request.url);
  const userId = Number(url.searchParams.get('u'));
  const category = url.searchParams.get('c') ?? '';
  const signature = url.searchParams.get('s') ?? '';
  if (!Number.isInteger(userId) || userId <= 0 || userId > 2 ** 31 - 1) return null;
  if (!(mailCategories as readonly string[]).includes(category)) return null;
  if (signature.length > 100 || !unsubscribeVerified(userId, category, signature)) return null;
  return { userId, category: category as MailCategory };
}

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5"><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

const refused = () =>
  page(400, 'This link is not valid', '<p>Choose what Portico mails you on your Account page instead.</p>');

export async function GET(request: Request): Promise<Response> {
  const link = verified(request);
  if (!link) return refused();
  const label = categoryLabels[link.category].label;
  return page(
    200,
    `Stop ${label.toLowerCase()} mail?`,
    `<form method="post"><button type="submit">Stop ${escapeHtml(label.toLowerCase())} mail</button></form>`,
  );
}

export async function POST(request: Request): Promise<Response> {
  const link = verified(request);
  if (!link) return refused();
  const result = await turnOffCategory(getDb(), link.userId, link.category);
  if (!result.ok) return page(409, 'Not changed', `<p>${escapeHtml(result.message)}</p>`);
  const label = categoryLabels[link.category].label;
  return page(
    200,
    'Unsubscribed',
    `<p>Portico sends you no more ${escapeHtml(label.toLowerCase())} mail. You can change this on your Account page.</p>`,
  );
}
