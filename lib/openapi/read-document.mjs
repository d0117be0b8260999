// Reading an OpenAPI document's text. Plain JavaScript (types in read-document.d.mts): the
// document worker (document-worker.mjs) runs it under plain Node wherever Portico runs — `npm start`'s
// bundle, tsx, Vitest, Next.js's server — and the TypeScript code imports the same functions, so
// every rule about what a document may be lives here once.
import { Composer, isScalar, LineCounter, Parser, visit, YAMLParseError } from 'yaml';
import { maxNestingDepth, tokenDepthExceeded, treeDepthExceeded } from './nesting.mjs';

export { maxNestingDepth, nestingDepthExceeded } from './nesting.mjs';

/** Characters of a document, as the settings field accepts it. */
export const maxDocumentLength = 1_000_000;

/**
 * A document's value may be at most this many times its text (strings, keys and punctuation counted as
 * compact JSON): YAML aliases repeat a value wherever they are used, so a 1 MB document could
 * otherwise become hundreds of megabytes of page or download.
 */
export const expansionFactor = 4;

/** At most this many problems are listed under the field; the first ones are what needs fixing. */
const shownErrors = 5;

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether `value` would take more than `budget` characters as compact JSON, counting a value each
 * time it is used (as a page or a download writes it out). Walks without recursion and stops as soon
 * as the budget is spent, so a value that repeats itself a million times costs no more than the budget.
 */
export function exceedsExpansion(value, budget) {
  let left = budget;
  const pending = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') left -= next.length + 3;
    else if (Array.isArray(next)) {
      left -= 2;
      for (const item of next) pending.push(item);
    } else if (next !== null && typeof next === 'object') {
      left -= 2;
      for (const [key, item] of Object.entries(next)) {
        left -= key.length + 3;
        pending.push(item);
      }
    } else left -= String(next).length + 1;
    if (left < 0) return true;
  }
  return false;
}

/**
 * A document as the provider wrote it: OpenAPI 3.0 or 3.1, or Swagger 2.0, in JSON or YAML (JSON is
 * read as YAML, whose 1.2 version contains it, so both report lines the same way). Refused with the
 * line and the reason when the portal could not render it. Runs in the document worker only, apart
 * from tests: see reader.ts.
 */
export function parseOpenApi(text) {
  if (text.length > maxDocumentLength)
    return { ok: false, errors: [`The document has more than ${maxDocumentLength.toLocaleString('en')} characters`] };
  const deepAt = (line) => ({
    ok: false,
    errors: [`Line ${line}: the document is nested more than ${maxNestingDepth} levels deep`],
  });
  const tooDeep = tokenDepthExceeded(text, maxNestingDepth);
  if (tooDeep) return deepAt(tooDeep);
  // As yaml's parseDocument, with the syntax tree measured before the recursive composer descends it.
  const lines = new LineCounter();
  const lineOf = (offset) => lines.linePos(offset ?? 0).line;
  const tree = [...new Parser(lines.addNewLine).parse(text)];
  const deepOffset = treeDepthExceeded(tree, maxNestingDepth);
  if (deepOffset >= 0) return deepAt(lineOf(deepOffset));
  let parsed = null;
  for (const document of new Composer({ uniqueKeys: true }).compose(tree, true, text.length)) {
    if (parsed) {
      const message = 'Source contains multiple documents; please use YAML.parseAllDocuments()';
      parsed.errors.push(new YAMLParseError(document.range.slice(0, 2), 'MULTIPLE_DOCS', message));
      break;
    }
    parsed = document;
  }
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

  let document;
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

  if (exceedsExpansion(document, expansionFactor * text.length))
    return {
      ok: false,
      errors: [
        `The document's aliases (*name) repeat so much that it would grow past ${expansionFactor} times its text; write the repeated parts once and use $ref`,
      ],
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

  const errors = [];
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
export function resolvePointer(document, ref) {
  if (ref === '#') return document;
  if (!ref.startsWith('#/')) return undefined;
  let node = document;
  for (const raw of ref.slice(2).split('/')) {
    let token;
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
function keyOffset(parsed, key) {
  const contents = parsed.contents;
  if (!contents || !('items' in contents)) return undefined;
  for (const item of contents.items) {
    if (typeof item === 'object' && item && 'key' in item && isScalar(item.key) && item.key.value === key)
      return item.key.range?.[0];
  }
  return undefined;
}

const firstLine = (message) => message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
