import { mkdirSync } from 'node:fs';
import { e2eSmtpPort } from '../playwright.config';
import { assertLocalServer } from '../test/local-database';
import { startSmtpServer } from '../test/smtp';
import { mailFolder } from './mail';

/**
 * Refuses to run the end-to-end suite against anything but a local database: it writes freely.
 * Starts the one SMTP server of the run, where the server mails (playwright.config.ts); each mail
 * lands in the run's mail folder, which the specs read through e2e/mail.ts. Returns its teardown.
 */
export default async function globalSetup() {
  const url = process.env.E2E_DATABASE_URL;
  if (url) assertLocalServer(url, 'E2E_DATABASE_URL');
  mkdirSync(mailFolder(), { recursive: true });
  const smtp = await startSmtpServer({ port: e2eSmtpPort, folder: mailFolder() });
  return () => smtp.close();
}
