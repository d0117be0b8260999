import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { normaliseOpenApi, type ApiReference } from './normalise';
import { parseOpenApi, type OpenApiObject } from './parse';

/**
 * The document as the portal serves it. The raw text is stored as the provider wrote it; its
 * parsed and normalised forms are made on read and kept here by content, so a page view of a
 * published API parses it once per process (a changed document has another hash).
 */

interface Read {
  document: OpenApiObject;
  reference: ApiReference;
}

const cache = new Map<string, Read | null>();
const cached = 32;

/** The parsed document and its rendering shape; null for text that is no valid document (saved before validation). */
export function readOpenApi(text: string): Read | null {
  const hash = createHash('sha256').update(text).digest('base64url');
  if (cache.has(hash)) {
    const hit = cache.get(hash) ?? null;
    cache.delete(hash);
    cache.set(hash, hit); // most recently used last
    return hit;
  }
  const parsed = parseOpenApi(text);
  const read = parsed.ok ? { document: parsed.document, reference: normaliseOpenApi(parsed.document) } : null;
  cache.set(hash, read);
  if (cache.size > cached) cache.delete(cache.keys().next().value as string);
  return read;
}

/**
 * The document with the gateway endpoint as its only server, for client generators: the backend's
 * address is never handed out (callers must not bypass the gateway), so per-path and per-operation
 * servers go too.
 */
export function withGatewayServer(document: OpenApiObject, endpoint: string): OpenApiObject {
  const copy = structuredClone(document);
  const withoutServers = (node: unknown) => {
    if (typeof node === 'object' && node !== null && 'servers' in node) delete (node as { servers?: unknown }).servers;
  };
  for (const item of Object.values(typeof copy.paths === 'object' && copy.paths ? copy.paths : {})) {
    withoutServers(item);
    for (const operation of Object.values(typeof item === 'object' && item ? item : {})) withoutServers(operation);
  }
  if (copy.swagger !== undefined) {
    const url = new URL(endpoint);
    copy.host = url.host;
    copy.basePath = url.pathname;
    copy.schemes = [url.protocol.replace(':', '')];
    return copy;
  }
  copy.servers = [{ url: endpoint }];
  return copy;
}

export function documentAsYaml(document: OpenApiObject): string {
  return stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}
