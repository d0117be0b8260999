import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { env } from '@/lib/env';
import { getLogger } from '@/lib/server/logger';

/** One message to one person, as rendered by lib/mail/templates.ts. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
}

/**
 * The SMTP options a SMTP_URL means. `smtp://` requires STARTTLS (nodemailer's `requireTLS`: a
 * server that does not offer it is refused, so no password or link ever crosses in the clear);
 * `smtps://` is TLS from the first byte; `?tls=off` (only for a test server on this machine) sends
 * in the clear.
 */
export function smtpOptions(url: string): SMTPTransport.Options {
  const parsed = new URL(url);
  const implicit = parsed.protocol === 'smtps:';
  const plain = parsed.searchParams.get('tls') === 'off';
  const user = decodeURIComponent(parsed.username);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : implicit ? 465 : 587,
    secure: implicit,
    requireTLS: !implicit && !plain,
    ignoreTLS: plain,
    auth: user ? { user, pass: decodeURIComponent(parsed.password) } : undefined,
    // A mail server that hangs must not hold a sender loop or a dispatcher for long.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

let cached: { url: string; transporter: Transporter<SMTPTransport.SentMessageInfo> } | undefined;

function transporterFor(url: string) {
  if (cached?.url !== url) {
    cached?.transporter.close();
    cached = { url, transporter: nodemailer.createTransport(smtpOptions(url)) };
  }
  return cached.transporter;
}

/**
 * Sends one mail through SMTP_URL, or — without one — writes it to the log (development). Throws
 * when the server refuses or cannot be reached, so the caller tries again later.
 */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const url = env('SMTP_URL');
  if (!url) {
    getLogger().info(
      { mail: { to: mail.to, subject: mail.subject, body: mail.text } },
      'mail written to the log (SMTP_URL is not set)',
    );
    return;
  }
  await transporterFor(url).sendMail({
    from: env('MAIL_FROM'),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
  });
}
