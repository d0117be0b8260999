/**
 * The path rest of a gateway call (what follows `/gateway/{org}/{api}/{version}`), normalised once
 * before policies see it and before it is forwarded, so both act on the same resource the backend
 * will serve:
 * - percent-escapes of unreserved characters (ALPHA DIGIT - . _ ~) are decoded (`/%61dmin` is
 *   `/admin`), other escapes kept with upper-case hex; a malformed escape is refused;
 * - dot segments are removed (RFC 3986 §5.2.4), `%2e` counting as a dot, and empty segments
 *   collapse (`//admin` is `/admin`, as nginx's merge_slashes and most frameworks read it);
 * - refused: more `..` than segments before them (the path would leave the API's base), `%2F`,
 *   `%5C`, `\` and `%00` (backends read them as separators or string ends), and a dot segment
 *   with `;` parameters (`..;x`: Tomcat and Jetty read it as `..`).
 * Segment parameters (`/items;v=2`) are forwarded as sent; policies match the path without them
 * (`policyPath`), since Tomcat, Jetty and Spring serve `/admin;x` as `/admin`.
 */

const slash = 47;
const dot = 46;
const percent = 37;
const backslash = 92;
const semicolon = 59;

/**
 * Whether the rest needs the full normaliser: a `%`, `\`, `;`, a `.` opening a segment or an
 * empty segment. Ordinary calls (`/orders/7`, `/file.json`) pass this one loop and nothing else.
 */
function needsWork(rest: string): boolean {
  let previous = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === percent || c === backslash || c === semicolon) return true;
    if (previous === slash && (c === dot || c === slash)) return true;
    previous = c;
  }
  return false;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function isUnreserved(c: number): boolean {
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === dot ||
    c === 95 ||
    c === 126
  );
}

const hexDigits = '0123456789ABCDEF';

/**
 * Unreserved escapes decoded, others kept in upper case; null for a malformed escape or one
 * that would end or split a segment (`%00`, `%2F`, `%5C`).
 */
export function decodeUnreserved(text: string): string | null {
  if (text.indexOf('%') < 0) return text;
  let out = '';
  let from = 0;
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', from)) {
    const high = hexValue(text.charCodeAt(i + 1));
    const low = hexValue(text.charCodeAt(i + 2));
    if (high < 0 || low < 0) return null;
    const c = high * 16 + low;
    if (c === 0 || c === slash || c === backslash) return null;
    out += text.slice(from, i);
    out += isUnreserved(c) ? String.fromCharCode(c) : `%${hexDigits[high]}${hexDigits[low]}`;
    from = i + 3;
  }
  return out + text.slice(from);
}

/**
 * The normalised rest (empty stays empty, otherwise it starts with `/`), or null when the path
 * is refused (`invalid_path`). Returns its argument itself when there is nothing to change.
 */
export function normalisePath(rest: string): string | null {
  if (!needsWork(rest)) return rest;
  if (rest.indexOf('\\') >= 0) return null;
  const decoded = decodeUnreserved(rest);
  if (decoded === null) return null;
  const segments = decoded.split('/');
  const kept: string[] = [];
  // segments[0] is the empty text before the leading `/`.
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const last = i === segments.length - 1;
    const params = segment.indexOf(';');
    const name = params < 0 ? segment : segment.slice(0, params);
    if (name === '.' || name === '..') {
      if (params >= 0) return null;
      if (name === '..' && kept.pop() === undefined) return null;
      // `/a/b/..` is `/a/`: the dot segment's place leaves the trailing slash (RFC 3986 §5.2.4).
      if (last) kept.push('');
    } else if (segment !== '' || last) kept.push(segment);
  }
  return kept.length === 0 ? '' : `/${kept.join('/')}`;
}

/**
 * What policies match: the normalised path without each segment's `;` parameters, and without the
 * empty segments that leaves (`/a/;x/b` is `/a/b`). An empty rest reads as `/`.
 */
export function policyPath(path: string): string {
  if (path === '') return '/';
  if (path.indexOf(';') < 0) return path;
  const segments = path.split('/');
  const kept: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const params = segment.indexOf(';');
    const name = params < 0 ? segment : segment.slice(0, params);
    if (name !== '' || i === segments.length - 1) kept.push(name);
  }
  return `/${kept.join('/')}`;
}
