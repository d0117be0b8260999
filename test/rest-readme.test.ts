import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiPrefix, matchRoute } from '@/lib/rest/handle';
import { restRoutes } from '@/lib/rest/table';

/**
 * The `curl` lines of the README and docs/rest-api.md name operations that exist: each one's method
 * and path fit a route of the table, and the JSON it sends passes that route's body schema.
 */
const root = path.resolve(__dirname, '..');
const curls = ['README.md', 'docs/rest-api.md'].flatMap((file) =>
  readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    // The management API's lines; the gateway's (`X-API-Key`) are another story.
    .filter((line) => /^curl\s/.test(line) && /\$PORTICO|\$AUTH|\/api\/v1/.test(line))
    .map((line) => ({ file, line })),
);

function parse(line: string) {
  const url = /"\$PORTICO(\/[^"?]*)(?:\?[^"]*)?"/.exec(line)?.[1];
  const data = /\s-d\s+'([^']*)'/.exec(line)?.[1];
  const method = /\s-X\s+(\w+)/.exec(line)?.[1] ?? (data === undefined ? 'GET' : 'POST');
  return { url, data, method };
}

describe('the curl examples of the README and docs/rest-api.md', () => {
  it('are there: the five common tasks of the README at least', () => {
    expect(curls.filter((c) => c.file === 'README.md').length).toBeGreaterThanOrEqual(5);
  });

  it('call the API where it is served', () => {
    for (const file of ['README.md', 'docs/rest-api.md']) {
      const base = /^export PORTICO=(\S+)/m.exec(readFileSync(path.join(root, file), 'utf8'))?.[1];
      expect(base).toBe(`http://127.0.0.1:3000${apiPrefix}`);
    }
  });

  it.each(curls)('$file: $line', ({ line }) => {
    const { url, data, method } = parse(line);
    expect(url, 'a "$PORTICO/…" URL').toBeDefined();
    const { match } = matchRoute(restRoutes, method, url ?? '');
    expect(match, `${method} ${url} is an operation`).not.toBeNull();
    if (data !== undefined) {
      expect(match?.route.body, `${method} ${url} takes a body`).toBeDefined();
      const parsed = match?.route.body?.safeParse(JSON.parse(data));
      expect(parsed?.success, JSON.stringify(parsed?.error?.issues)).toBe(true);
    }
  });
});
