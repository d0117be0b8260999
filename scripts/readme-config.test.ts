import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { variables } from '@/lib/env';
import { withConfigurationTables } from './lib/readme-config';

const readme = readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');

describe("README.md's configuration tables", () => {
  it('are the ones lib/env.ts writes (npm run readme:config)', () => {
    expect(readme).toBe(withConfigurationTables(readme));
  });

  it('name every variable Portico reads', () => {
    for (const name of Object.keys(variables)) expect(readme).toContain(`| \`${name}\` |`);
  });
});
