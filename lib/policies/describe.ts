import type { PolicyType } from './contract';
import { policyDefinitions } from './definitions';
import { jwtItemLine } from './types/jwt';

type Config = Record<string, unknown>;

const granularityWords: Record<string, string> = { client: 'per client', api: 'per API', ip: 'per IP address' };
const asRecord = (config: unknown): Config => (config && typeof config === 'object' ? (config as Config) : {});
const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map((v) =>
        typeof v === 'object' && v ? String((v as Config).name ?? (v as Config).username ?? '') : String(v),
      )
    : [];
const count = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

function bytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && Number.isInteger(value / 1024)) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('en-US')} ${units[unit]}`;
}

/** Time windows, also from configurations stored when a policy held a single window. */
const windowsOf = (c: Config): Config[] => (Array.isArray(c.windows) ? c.windows.map(asRecord) : [c]);

/** A policy's effect in words, as the portal shows it under each plan ("100 requests per minute per client"). */
export function describePolicy(type: PolicyType, rawConfig: unknown): string {
  const c = asRecord(rawConfig);
  switch (type) {
    case 'RateLimiting':
      return `${count(Number(c.limit), 'request')} per ${String(c.period)} ${granularityWords[String(c.granularity)] ?? ''}`.trim();
    case 'Quota':
      return `${count(Number(c.limit), 'request')} per month ${granularityWords[String(c.granularity)] ?? ''}`.trim();
    case 'TransferQuota': {
      const direction =
        c.direction === 'upload' ? 'uploaded' : c.direction === 'download' ? 'downloaded' : 'transferred';
      return `${bytes(Number(c.limit))} ${direction} per ${String(c.period)}`;
    }
    case 'IPAllowlist':
      return `Only from ${list(c.addresses).join(', ')}`;
    case 'IPBlocklist':
      return `Blocks ${list(c.addresses).join(', ')}`;
    case 'APIKey':
      return `Forwards the API key to the backend in header ${String(c.headerName)}`;
    case 'Header': {
      const parts = [
        list(c.requestSet).length ? `sets ${list(c.requestSet).join(', ')} on requests` : '',
        list(c.requestRemove).length ? `removes ${list(c.requestRemove).join(', ')} from requests` : '',
        list(c.responseSet).length ? `sets ${list(c.responseSet).join(', ')} on responses` : '',
        list(c.responseRemove).length ? `removes ${list(c.responseRemove).join(', ')} from responses` : '',
      ].filter(Boolean);
      const text = parts.join('; ');
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
    case 'IgnoredResources': {
      const methods = list(c.methods);
      return `Answers 404 for ${methods.length ? `${methods.join(', ')} on ` : ''}${list(c.paths).join(', ')}`;
    }
    case 'TimeRestrictedAccess':
      return `Open ${windowsOf(c)
        .map((w) => `${list(w.days).join(', ')} ${String(w.from)}–${String(w.to)}`)
        .join('; ')} UTC`;
    case 'BasicAuthentication':
      return `BASIC authentication (realm ${String(c.realm)}, ${count(list(c.identities).length, 'identity').replace('identitys', 'identities')})`;
    case 'CORS':
      return `CORS for ${list(c.origins).join(', ')}`;
    case 'JWT': {
      const issuers = Array.isArray(c.issuers) ? c.issuers.map((i) => String(asRecord(i).issuer ?? '')) : [];
      const scopes = list(c.scopes);
      return `Bearer tokens from ${issuers.join(', ')}${scopes.length ? ` with scope ${scopes.join(' ')}` : ''}`;
    }
  }
}

/** A stored configuration as form values for editing; secrets are never sent back into a form. */
export function formValuesOf(type: PolicyType, rawConfig: unknown): Record<string, string | boolean> {
  const c = asRecord(rawConfig);
  const values: Record<string, string | boolean> = {};
  for (const field of policyDefinitions[type].fields) {
    const value = field.name === 'windows' ? windowsOf(c) : c[field.name];
    if (field.kind === 'checkbox') values[field.name] = value === true;
    else if (field.kind === 'lines') {
      values[field.name] = Array.isArray(value)
        ? value
            .map((v) => {
              if (v && typeof v === 'object') {
                const item = v as Config;
                const jwtLine = jwtItemLine(item);
                if (jwtLine !== null) return jwtLine;
                if (Array.isArray(item.days)) return `${item.days.join(',')} ${String(item.from)}-${String(item.to)}`;
                return item.username !== undefined
                  ? String(item.username)
                  : `${String(item.name)}: ${String(item.value ?? '')}`;
              }
              return String(v);
            })
            .join('\n')
        : '';
    } else if (Array.isArray(value)) values[field.name] = value.join(', ');
    else values[field.name] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}
