// How deep a document's text nests, measured without recursion (see read-document.mjs, which refuses
// text past the cap before the recursive YAML composer descends it). Plain JavaScript, as read-document.mjs.
import { CST, Lexer, LineCounter, Parser } from 'yaml';

/**
 * Nesting a document may have: real OpenAPI documents stay far below it (schemas nest a dozen levels
 * at most), while a few thousand levels overflow the stack of the recursive YAML composer, and a
 * stack overflow inside V8's regular-expression compiler ends the whole process.
 */
export const maxNestingDepth = 64;

/**
 * The line at which the text nests deeper than `limit` collections, or 0 when it never does; without
 * recursion, so that text of any depth is measured safely. Two passes: YAML's token stream first,
 * which stops at once in text as deep as an attack makes it; then the tree of YAML's own parser
 * (which keeps its stack in an array), whose collections are exactly what the recursive composer
 * will descend, for malformed text the first pass reads differently from the parser.
 */
export function nestingDepthExceeded(text, limit = maxNestingDepth) {
  const tooDeep = tokenDepthExceeded(text, limit);
  if (tooDeep) return tooDeep;
  const lines = new LineCounter();
  const offset = treeDepthExceeded([...new Parser(lines.addNewLine).parse(text)], limit);
  return offset < 0 ? 0 : lines.linePos(offset).line;
}

/** Where the syntax tree first nests deeper than `limit` collections, or -1; walked with a stack of its own. */
export function treeDepthExceeded(roots, limit) {
  const pending = roots.map((root) => [root, 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop();
    if (token?.type === 'document') pending.push([token.value, depth]);
    else if (token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection') {
      if (depth + 1 > limit) return token.offset;
      for (const item of token.items) pending.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return -1;
}

/**
 * The token pass: flow collections (`{`, `[`, all of JSON) count one level each; block collections
 * count by the columns they start at (`- `, `? `, a `key:`), as the composer nests them, a sequence
 * at the same column as its parent key's mapping a level of its own. Quotes, comments and block
 * scalars are the lexer's to know.
 */
export function tokenDepthExceeded(text, limit) {
  /** Open block collections, innermost last: the column each starts at and its kind. */
  const columns = [];
  const kinds = [];
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  let line = 1;
  /** Only indicators (or nothing) so far on this line, outside flow collections. */
  let lineOpen = true;
  let contentColumn = 0;
  let atScalar = false;

  const open = (column, kind) => {
    while (columns.length > 0) {
      const top = columns.length - 1;
      const nestedHere = columns[top] === column && kinds[top] === 'map' && kind === 'seq';
      if (columns[top] < column || nestedHere) break;
      columns.pop();
      kinds.pop();
    }
    columns.push(column);
    kinds.push(kind);
    return columns.length + flow > limit;
  };
  const advance = (source) => {
    offset += source.length;
    const lastBreak = source.lastIndexOf('\n');
    if (lastBreak < 0) return;
    lineStart = offset - source.length + lastBreak + 1;
    for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) line += 1;
    // A block scalar's text takes its lines' breaks with it: what follows starts a line of its own.
    if (lastBreak === source.length - 1 && flow === 0) lineOpen = true;
  };
  const content = () => {
    if (flow === 0 && lineOpen) {
      lineOpen = false;
      contentColumn = offset - lineStart;
    }
  };

  for (const source of new Lexer().lex(text)) {
    if (atScalar) {
      atScalar = false;
      content();
      advance(source);
      continue;
    }
    switch (CST.tokenType(source)) {
      case 'scalar':
        atScalar = true; // the text follows as the next token
        continue;
      case 'doc-mode':
      case 'flow-error-end':
        continue; // markers of the lexer's own, not in the text
      case 'newline':
        advance(source);
        continue;
      case 'space':
      case 'comment':
      case 'byte-order-mark':
        break;
      case 'doc-start':
      case 'doc-end':
        columns.length = 0;
        kinds.length = 0;
        flow = 0;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind': {
        if (flow > 0) break;
        const column = offset - lineStart;
        const kind = source === '-' ? 'seq' : 'map';
        // An indicator opens a collection where it stands; a `key:` opens a mapping where the key starts.
        if (lineOpen ? open(column, kind) : source === ':' && open(contentColumn, 'map')) return line;
        break;
      }
      case 'flow-map-start':
      case 'flow-seq-start':
        content();
        flow += 1;
        if (columns.length + flow > limit) return line;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        flow = Math.max(0, flow - 1);
        break;
      default:
        content();
    }
    advance(source);
  }
  return 0;
}
