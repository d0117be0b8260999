import { renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Raw header values by lower-case name (unfolded), as a mail program reads them. */
  headers: Record<string, string>;
}

/**
 * A real SMTP server on 127.0.0.1 (port chosen by the system) that keeps every message it
 * accepts, parsed. A message is kept before the server answers the DATA command, so once a send
 * resolved, its mail is in `received`. `starttls: false` offers no STARTTLS (the default refusal
 * case); the tests then reach it with `?tls=off` unless they test that refusal. With `folder`, each
 * mail is also written there as `<sequence>.json`, for readers in other processes (the end-to-end
 * workers: e2e/mail.ts).
 */
export async function startSmtpServer({
  starttls = false,
  port = 0,
  folder,
}: { starttls?: boolean; port?: number; folder?: string } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: starttls ? [] : ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers: rawHeaders(parsed),
          };
          received.push(mail);
          // Zero-padded, so the names sort in the order the mails came; renamed into place whole, so
          // a reader never sees half a file.
          if (folder) {
            const file = path.join(folder, `${String(received.length).padStart(8, '0')}.json`);
            writeFileSync(`${file}.part`, JSON.stringify(mail));
            renameSync(`${file}.part`, file);
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const chosen = (server.server.address() as AddressInfo).port;
  return {
    received,
    /** The SMTP_URL of this server; `plain`: without STARTTLS (`?tls=off`). */
    url: (plain = true) => `smtp://127.0.0.1:${chosen}${plain ? '?tls=off' : ''}`,
    /** The mails sent to one address. */
    to: (address: string) => received.filter((mail) => mail.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link of a mail's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const match = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S*`).exec(text);
  if (!match) throw new Error(`no link starting ${prefix} in:\n${text}`);
  return match[0];
}

function rawHeaders(parsed: ParsedMail): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines)
    result[key] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  return result;
}
