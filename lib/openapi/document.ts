import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { capExamples } from './caps';
import { normaliseOpenApi, type ApiReference } from './normalise';
import type { OpenApiObject } from './parse';
import { readOpenApi } from './reader';

/**
 * The document as the portal serves it. The raw text is stored as the provider wrote it; its
 * rendering shape is made on read (on the document reader's thread, see reader.ts) and kept here by
 * content hash, so a page view of an API reads its document once per process (a changed document has
 * another hash). Only the rendering shape is kept: its size is bounded by the normaliser's budget,
 * while a parsed 1 MB document is not small.
 */

const cache = new Map<string, Promise<ApiReference | null>>();
const cached = 32;

/**
 * The rendering shape of a document; null for text that cannot be read today: saved before the
 * checks it now fails (no valid document, nested too deep, aliases past the budget), or past the
 * reader's time or memory. A read that ran out of time is not kept, so a busy moment does not hide a
 * document until the next restart.
 */
export function readApiReference(text: string): Promise<ApiReference | null> {
  const hash = createHash('sha256').update(text).digest('base64url');
  const hit = cache.get(hash);
  if (hit) {
    cache.delete(hash);
    cache.set(hash, hit); // most recently used last
    return hit;
  }
  const forget = () => {
    if (cache.get(hash) === reference) cache.delete(hash);
  };
  const reference: Promise<ApiReference | null> = readOpenApi(text).then(
    (parsed) => {
      if (!parsed.ok && 'unread' in parsed && parsed.unread === 'timeout') forget();
      return parsed.ok ? normaliseOpenApi(parsed.document) : null;
    },
    (error: unknown) => {
      forget(); // the reader could not start: the next view tries again
      throw error;
    },
  );
  cache.set(hash, reference);
  if (cache.size > cached) cache.delete(cache.keys().next().value as string);
  return reference;
}

/** The parsed document, for downloads (not kept); null for text that cannot be read today. */
export async function readOpenApiDocument(text: string): Promise<OpenApiObject | null> {
  const parsed = await readOpenApi(text);
  return parsed.ok ? parsed.document : null;
}

/**
 * The document with the gateway endpoint as its only server, for client generators: the backend's
 * address is never handed out (callers must not bypass the gateway), so per-path and per-operation
 * servers go too. Long examples and enum values are cut (caps.ts).
 */
export function withGatewayServer(document: OpenApiObject, endpoint: string): OpenApiObject {
  const copy = structuredClone(document);
  capExamples(copy);
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
