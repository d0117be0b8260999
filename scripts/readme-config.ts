import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withConfigurationTables } from './lib/readme-config';

/**
 * `npm run readme:config`: writes README.md's configuration tables from lib/env.ts. Without
 * `--write` it only checks, exiting 1 when the README is out of date.
 */
const file = path.resolve(__dirname, '..', 'README.md');
const current = readFileSync(file, 'utf8');
const wanted = withConfigurationTables(current);
if (process.argv.includes('--write')) {
  writeFileSync(file, wanted);
  console.log(wanted === current ? 'README.md is up to date.' : 'README.md: configuration tables written.');
} else if (wanted !== current) {
  console.error('README.md: the configuration tables differ from lib/env.ts; run npm run readme:config.');
  process.exitCode = 1;
}
