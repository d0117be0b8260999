import { isScalar, LineCounter, parseDocument, visit } from 'yaml';

/**
 * Reading an OpenAPI document as a provider writes it: OpenAPI 3.0 or 3.1, or Swagger 2.0, in JSON
 * or YAML (JSON is read as YAML, whose 1.2 version contains it, so both report lines the same way).
 * The console refuses what cannot be read with the line and the reason; the portal renders what
 * was accepted.
 */

/** Characters of a document, as the settings field accepts it. */
export const maxDocumentLength = 1_000_000;

export type OpenApiObject = Record<string, unknown>;

export type ParsedOpenApi =
  { ok: true; document: OpenApiObject; format: 'json' | 'yaml'; specVersion: string } | { ok: false; errors: string[] };

/** At most this many problems are listed under the field; the first ones are what needs fixing. */
const shownErrors = 5;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseOpenApi(text: string): ParsedOpenApi {
  if (text.length > maxDocumentLength)
    return { ok: false, errors: [`The document has more than ${maxDocumentLength.toLocaleString('en')} characters`] };
  const lines = new LineCounter();
  const parsed = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  const format = text.trimStart().startsWith('{') ? 'json' : 'yaml';
  // The first syntax error is the one to fix: those after it mostly follow from it.
  const [syntax] = parsed.errors;
  if (syntax)
    return {
      ok: false,
      errors: [
        `Line ${lineOf(syntax.pos[0])}: not valid ${format === 'json' ? 'JSON' : 'YAML'} — ${firstLine(syntax.message)}`,
      ],
    };

  let document: unknown;
  try {
    document = parsed.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, errors: [`The document cannot be read: ${error instanceof Error ? error.message : error}`] };
  }
  if (!isObject(document))
    return {
      ok: false,
      errors: ['Line 1: the document must be an OpenAPI object (keys such as openapi, info, paths)'],
    };

  const version = document.openapi ?? document.swagger;
  if (version === undefined)
    return {
      ok: false,
      errors: ['Line 1: the document has no "openapi" or "swagger" key, so it is no OpenAPI document'],
    };
  const specVersion = String(version);
  const supported = document.openapi !== undefined ? /^3\.[01]\.\d+$/.test(specVersion) : specVersion === '2.0';
  const versionLine = lineOf(keyOffset(parsed, document.openapi !== undefined ? 'openapi' : 'swagger'));
  if (!supported)
    return {
      ok: false,
      errors: [
        `Line ${versionLine}: version ${specVersion} is not supported; use OpenAPI 3.0.x or 3.1.x, or Swagger 2.0`,
      ],
    };

  const errors: string[] = [];
  if (!isObject(document.info))
    errors.push(`Line ${lineOf(keyOffset(parsed, 'info'))}: the document needs an "info" object`);
  if (document.paths !== undefined ? !isObject(document.paths) : !specVersion.startsWith('3.1'))
    errors.push(`Line ${lineOf(keyOffset(parsed, 'paths'))}: the document needs a "paths" object`);

  visit(parsed, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== '$ref' || errors.length >= shownErrors) return;
      const ref = isScalar(pair.value) ? pair.value.value : undefined;
      const line = lineOf(pair.key.range?.[0]);
      if (typeof ref !== 'string') errors.push(`Line ${line}: $ref must be text such as "#/components/schemas/Pet"`);
      else if (!ref.startsWith('#'))
        errors.push(`Line ${line}: $ref "${ref}" points outside the document; only references within it (#/…) work`);
      else if (resolvePointer(document, ref) === undefined)
        errors.push(`Line ${line}: $ref "${ref}" points to nothing in the document`);
    },
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, document, format, specVersion };
}

/** What a local reference (`#/components/schemas/Pet`) points to; undefined when nothing. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (ref === '#') return document;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(node) && /^\d+$/.test(token)) node = node[Number(token)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** Where a top-level key starts, for the line of a message about it (the start of the document when absent). */
function keyOffset(parsed: ReturnType<typeof parseDocument>, key: string): number | undefined {
  const contents = parsed.contents;
  if (!contents || !('items' in contents)) return undefined;
  for (const item of contents.items) {
    if (typeof item === 'object' && item && 'key' in item && isScalar(item.key) && item.key.value === key)
      return item.key.range?.[0];
  }
  return undefined;
}

const firstLine = (message: string) => message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
