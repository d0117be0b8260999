import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import type { ReceivedMail } from '../test/smtp';

/**
 * The mail the server sent during this run: e2e/global-setup.ts starts one SMTP server for the
 * whole run (the server's SMTP_URL, playwright.config.ts), which writes each mail it receives as a
 * JSON file into this folder.
 */
export const mailFolder = () => path.join(process.env.PORTICO_E2E_DATA_DIR ?? '', 'mail');

/** Every mail received so far for one address, oldest first. */
export function mailsTo(address: string): ReceivedMail[] {
  const folder = mailFolder();
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as ReceivedMail)
    .filter((mail) => mail.to.includes(address.toLowerCase()));
}

/** The latest mail to this address with this subject, waited for (the server sends from its queue). */
export async function latestMailTo(address: string, subject: string | RegExp): Promise<ReceivedMail> {
  const matching = () =>
    mailsTo(address).filter((mail) =>
      typeof subject === 'string' ? mail.subject === subject : subject.test(mail.subject),
    );
  await expect
    .poll(() => matching().length, { message: `a mail to ${address} about ${String(subject)}` })
    .toBeGreaterThan(0);
  const mail = matching().at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  return mail;
}

/** The path and query of the first link in a mail's text that leads to `pathname`, to open against the test server. */
export function linkPath(mail: ReceivedMail, pathname: string): string {
  const match = new RegExp(`https?://\\S+${pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?\\S+`).exec(mail.text);
  if (!match) throw new Error(`no ${pathname} link in:\n${mail.text}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}
