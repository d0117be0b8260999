import { configurationTables } from '@/lib/env';

const blocks = {
  runtime: [
    '<!-- configuration: generated from lib/env.ts by `npm run readme:config` -->',
    '<!-- configuration end -->',
  ],
  harness: [
    '<!-- test configuration: generated from lib/env.ts by `npm run readme:config` -->',
    '<!-- test configuration end -->',
  ],
} as const;

/**
 * The README with its configuration tables written from lib/env.ts, between their marker comments.
 * Throws when a marker is missing: the tables must have a place to go.
 */
export function withConfigurationTables(readme: string): string {
  const tables = configurationTables();
  let result = readme;
  for (const [which, [start, end]] of Object.entries(blocks) as [keyof typeof blocks, readonly [string, string]][]) {
    const from = result.indexOf(start);
    const to = result.indexOf(end, from);
    if (from < 0 || to < 0) throw new Error(`README.md has no ${JSON.stringify(start)} … ${JSON.stringify(end)} block`);
    result = `${result.slice(0, from + start.length)}\n\n${tables[which]}\n\n${result.slice(to)}`;
  }
  return result;
}
