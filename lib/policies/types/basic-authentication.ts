import { z } from 'zod';
import type { CallState, PolicyTypeModule, RequestOutcome } from '../contract';
import { limits, lineOrStored, lines, refuse } from './shared';

const username = z
  .string()
  .trim()
  .min(1, 'Write each identity as username:password')
  .max(128, 'Usernames are at most 128 characters')
  .refine((u) => !/[\p{Cc}:]/u.test(u), 'Usernames may not contain colons or control characters');

const storedIdentity = z.object({ username, passwordHash: z.string().min(1) });
type Identity = { username: string; password?: string; passwordHash?: string };

/** A form line "username:password" (an empty password keeps the stored one when editing). */
const identity = lineOrStored<Identity>((line) => {
  const at = line.indexOf(':');
  const name = username.safeParse(at < 0 ? line : line.slice(0, at));
  const password = at < 0 ? '' : line.slice(at + 1);
  if (!name.success) return name.error.issues[0]?.message ?? 'Invalid username';
  if (password.length > 1024) return 'Passwords are at most 1,024 characters';
  return { username: name.data, password };
}, storedIdentity);

const schema = z.object({
  realm: z
    .string()
    .trim()
    .min(1, 'Enter a realm')
    .max(100, 'Realms are at most 100 characters')
    .refine((r) => !/["\\\p{Cc}]/u.test(r), 'Realms may not contain quotes, backslashes or control characters'),
  identities: z.preprocess(
    lines,
    z
      .array(identity, 'Add identities as username:password, one per line')
      .min(1, 'Add at least one identity')
      .max(limits.identities, `Add at most ${limits.identities} identities`)
      .superRefine((identities, ctx) => {
        const seen = new Set<string>();
        for (const { username: name } of identities) {
          if (seen.has(name))
            ctx.addIssue({ code: 'custom', message: `${name} is listed twice: usernames are unique` });
          seen.add(name);
        }
      }),
  ),
});

function credentialsOf(call: CallState): { username: string; password: string } | null {
  const header = call.request.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value) : null;
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  return at < 0 ? null : { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
}

/**
 * Static identities with Argon2-hashed passwords; 401 with `WWW-Authenticate` otherwise. Checks
 * are cached by the process (see password-check.ts), so a caller pays the hash once; the
 * credentials are the gateway's and are not forwarded to the backend.
 */
export const basicAuthentication: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'BASIC Authentication',
    fields: [
      { name: 'realm', label: 'Realm', kind: 'text' },
      {
        name: 'identities',
        label: 'Identities',
        kind: 'lines',
        hint: 'username:password, one per line (at most 100). Passwords are stored hashed; when editing, a username alone keeps its password.',
      },
    ],
  },
  schema,
  compile({ realm, identities }, env) {
    const hashes = new Map<string, string>();
    for (const { username: name, passwordHash } of identities) if (passwordHash) hashes.set(name, passwordHash);
    const decoy = hashes.values().next().value;
    const challenge = { 'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"` };
    const refused = (missing: boolean) =>
      refuse(
        'BasicAuthentication',
        401,
        missing ? 'authentication_required' : 'authentication_failed',
        missing ? 'This API requires a username and password.' : 'The username or password is wrong.',
        challenge,
      );
    const settle = (call: CallState, valid: boolean, known: boolean): RequestOutcome => {
      if (!valid || !known) return refused(false);
      delete call.request.headers['authorization'];
      return undefined;
    };
    return {
      request(call) {
        const credentials = credentialsOf(call);
        if (!credentials) return refused(true);
        const hash = hashes.get(credentials.username);
        // An unknown username still pays a hash check, so timing does not tell which names exist.
        const checked = hash ?? decoy;
        if (!checked) return refused(false);
        const valid = env.checkPassword(checked, credentials.password);
        return typeof valid === 'boolean'
          ? settle(call, valid, hash !== undefined)
          : valid.then((v) => settle(call, v, hash !== undefined));
      },
    };
  },
};
