/**
 * Every mail Portico sends, one template each: a template gives the subject, the paragraphs and at
 * most one button-like link, and `render` writes the text and the HTML part from that one
 * description, escaping every variable in the HTML. The variables of each template are its
 * parameter type; docs/email.md lists them.
 */

export interface MailContent {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** Below the content of an event mail: why it came, and how to change that. */
export interface MailFooter {
  preferencesUrl: string;
  unsubscribeUrl?: string;
  category: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** A subject is one line: names that carry line breaks cannot add headers or lines. */
const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim();

export function render(content: MailContent, footer?: MailFooter): Rendered {
  const footerLines = footer
    ? [
        `You get this mail for: ${footer.category}. Choose what Portico mails you: ${footer.preferencesUrl}`,
        ...(footer.unsubscribeUrl ? [`Stop these mails: ${footer.unsubscribeUrl}`] : []),
      ]
    : [];
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(footerLines.length ? ['--', ...footerLines] : []),
  ].join('\n\n');
  const link = (url: string, label: string) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#0f172a">',
    ...content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    content.action ? `<p>${link(content.action.url, content.action.label)}</p>` : '',
    footer
      ? `<hr><p style="font-size:12px;color:#475569">You get this mail for: ${escapeHtml(footer.category)}. ${link(
          footer.preferencesUrl,
          'Choose what Portico mails you',
        )}${footer.unsubscribeUrl ? ` · ${link(footer.unsubscribeUrl, 'Stop these mails')}` : ''}</p>`
      : '',
    '</body></html>',
  ].join('\n');
  return { subject: oneLine(content.subject), text, html };
}

const clientName = (v: { client: string; clientVersion: string }) => `${v.client} ${v.clientVersion}`;
const apiName = (v: { api: string; apiVersion: string }) => `${v.api} ${v.apiVersion}`;

export interface ContractVariables {
  client: string;
  clientVersion: string;
  clientOrg: string;
  api: string;
  apiVersion: string;
  plan: string;
  /** Who acted (requested, approved, rejected, broke). */
  actor: string;
  link: string;
}

export interface ClientVariables {
  client: string;
  clientVersion: string;
  clientOrg: string;
  actor: string;
  link: string;
}

/** The templates of the events (lib/events/types.ts) that mail someone. */
export const templates = {
  signupRequested: (v: ContractVariables): MailContent => ({
    subject: `Sign-up request: ${clientName(v)} for ${apiName(v)} (${v.plan})`,
    paragraphs: [
      `${v.actor} asks to sign ${clientName(v)} of ${v.clientOrg} up for ${apiName(v)} through the ${v.plan} plan.`,
      'The client can call the API once the request is approved.',
    ],
    action: { label: 'Approve or reject the request', url: v.link },
  }),
  contractApproved: (v: ContractVariables): MailContent => ({
    subject: `Approved: ${clientName(v)} for ${apiName(v)}`,
    paragraphs: [
      `${v.actor} approved the sign-up of ${clientName(v)} for ${apiName(v)} (${v.plan}).`,
      `The client's API key works for ${apiName(v)} now.`,
    ],
    action: { label: 'Open the client', url: v.link },
  }),
  contractRejected: (v: ContractVariables & { reason: string }): MailContent => ({
    subject: `Rejected: ${clientName(v)} for ${apiName(v)}`,
    paragraphs: [
      `${v.actor} rejected the sign-up of ${clientName(v)} for ${apiName(v)} (${v.plan}).`,
      v.reason ? `Reason: ${v.reason}` : 'No reason was given.',
    ],
    action: { label: 'Open the client', url: v.link },
  }),
  contractBroken: (v: ContractVariables): MailContent => ({
    subject: `Contract ended: ${clientName(v)} and ${apiName(v)}`,
    paragraphs: [
      `${v.actor} ended the contract of ${clientName(v)} with ${apiName(v)}.`,
      `The client's API key no longer works for ${apiName(v)}.`,
    ],
    action: { label: 'Open the client', url: v.link },
  }),
  clientRegistered: (v: ClientVariables): MailContent => ({
    subject: `Registered: ${clientName(v)}`,
    paragraphs: [`${v.actor} registered ${clientName(v)} of ${v.clientOrg}: its API key works at the gateway now.`],
    action: { label: 'Open the client', url: v.link },
  }),
  clientUnregistered: (v: ClientVariables): MailContent => ({
    subject: `Unregistered: ${clientName(v)}`,
    paragraphs: [`${v.actor} unregistered ${clientName(v)} of ${v.clientOrg}: the gateway refuses its API key now.`],
    action: { label: 'Open the client', url: v.link },
  }),
  clientRetired: (v: ClientVariables): MailContent => ({
    subject: `Retired: ${clientName(v)}`,
    paragraphs: [`${v.actor} retired ${clientName(v)} of ${v.clientOrg}: its API key no longer works.`],
    action: { label: 'Open the client', url: v.link },
  }),
  keyRotated: (v: ClientVariables & { graceUntil: string | null }): MailContent => ({
    subject: `New API key: ${clientName(v)}`,
    paragraphs: [
      `${v.actor} rotated the API key of ${clientName(v)} of ${v.clientOrg}.`,
      v.graceUntil ? `The old key keeps working until ${v.graceUntil}.` : 'The old key stopped working at once.',
    ],
    action: { label: 'Open the client', url: v.link },
  }),
  keyGraceEnding: (v: ClientVariables & { endsAt: string }): MailContent => ({
    subject: `Old API key stops soon: ${clientName(v)}`,
    paragraphs: [
      `The previous API key of ${clientName(v)} of ${v.clientOrg} stops working at ${v.endsAt}.`,
      'Callers still using it must switch to the current key before then.',
    ],
    action: { label: 'Open the client', url: v.link },
  }),
  apiRetired: (v: { api: string; apiVersion: string; apiOrg: string; clients: string; link: string }): MailContent => ({
    subject: `${apiName(v)} was retired`,
    paragraphs: [
      `${v.apiOrg} retired ${apiName(v)}: the gateway refuses calls to it from now on.`,
      `Your clients with a contract: ${v.clients}.`,
    ],
    action: { label: 'Open your clients', url: v.link },
  }),
  tokenExpiring: (v: { token: string; expiresAt: string; link: string }): MailContent => ({
    subject: `Access token "${v.token}" expires soon`,
    paragraphs: [`Your access token "${v.token}" expires at ${v.expiresAt}. Scripts using it need a new one.`],
    action: { label: 'Open your access tokens', url: v.link },
  }),
  passwordReset: (v: { name: string; link: string; minutes: number }): MailContent => ({
    subject: 'Reset your Portico password',
    paragraphs: [
      `Hello ${v.name},`,
      `someone (we hope you) asked to reset your Portico password. The link works once, for ${v.minutes} minutes.`,
      'If it was not you, ignore this mail: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: v.link },
  }),
  emailConfirmation: (v: { name: string; link: string; hours: number }): MailContent => ({
    subject: 'Confirm your email address for Portico',
    paragraphs: [
      `Hello ${v.name},`,
      `someone (we hope you) created a Portico account with this address. Confirm it within ${v.hours} hours, then sign in; the link works once.`,
      'If it was not you, ignore this mail: the account cannot be used without this link.',
    ],
    action: { label: 'Confirm your address', url: v.link },
  }),
  registrationAttempt: (v: { name: string; signInLink: string; resetLink: string }): MailContent => ({
    subject: 'Someone tried to register with your address',
    paragraphs: [
      `Hello ${v.name},`,
      'someone tried to create a Portico account with your email address, which already has one. No account was created.',
      `If it was you, sign in at ${v.signInLink}, or reset your password if you forgot it.`,
      'If it was not you, you need not do anything.',
    ],
    action: { label: 'Reset your password', url: v.resetLink },
  }),
  webhookDisabled: (v: { name: string; org: string; url: string; reason: string; link: string }): MailContent => ({
    subject: `Webhook turned off in ${v.org}`,
    paragraphs: [
      `Hello ${v.name},`,
      `Portico turned off the webhook ${v.url} of ${v.org}: ${v.reason}`,
      'No event is sent to it until it is turned on again; turn it on on its page once it answers.',
    ],
    action: { label: 'Open the webhook', url: v.link },
  }),
  digest: (v: { name: string; items: { subject: string; link: string | null }[] }): MailContent => ({
    subject: `Portico: ${v.items.length} ${v.items.length === 1 ? 'update' : 'updates'} since yesterday`,
    paragraphs: [
      `Hello ${v.name}, here is what happened:`,
      ...v.items.map((item) => (item.link ? `• ${item.subject} — ${item.link}` : `• ${item.subject}`)),
    ],
  }),
} satisfies Record<string, (v: never) => MailContent>;
