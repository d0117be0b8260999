import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isSeq, parseDocument, stringify } from 'yaml';
import { maxEnumValueLength, maxExampleLength } from './caps';
import { withGatewayServer } from './document';
import { normaliseOpenApi } from './normalise';
import { parseOpenApi } from './parse';
import { nestingDepthExceeded } from './read-document.mjs';
import { readOpenApi } from './reader';

/**
 * Documents written to stop the process or to fill its memory (issue 22, findings 2 and 4): each is
 * refused with a reason the provider can act on, quickly, and the process goes on reading documents.
 */

const head = 'openapi: 3.0.3\ninfo: {title: Hostile, version: "1"}\npaths: {}\n';
const deepJson = (levels: number) =>
  `{"openapi":"3.0.3","info":{"title":"Deep","version":"1"},"paths":{},"x-deep":${'['.repeat(levels)}${']'.repeat(levels)}}`;
/** A mapping in a mapping, `levels` times, each one column further in. */
const deepBlockYaml = (levels: number) =>
  `${head}x-deep:\n${Array.from({ length: levels }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} leaf\n`;
/** A sequence of mappings of sequences…: `- k:` lines, each two columns further in. */
const deepSequenceYaml = (levels: number) =>
  `${head}x-deep:\n${Array.from({ length: levels }, (_, i) => `${' '.repeat(2 * i)}- k:`).join('\n')} leaf\n`;

/** Mappings each beside a block scalar (`s: |`), whose text carries the line breaks with it. */
const besideBlockScalars = (levels: number) =>
  `${head}x-deep:\n${Array.from({ length: levels }, (_, i) => `${' '.repeat(i + 1)}s: |\n${' '.repeat(i + 2)}text\n${' '.repeat(i + 1)}k:`).join('\n')} leaf\n`;

const depthRefusal = /^Line \d+: the document is nested more than 64 levels deep$/;

function refusal(result: { ok: boolean; errors?: string[] }): string {
  if (result.ok || !result.errors) throw new Error('the document was accepted');
  return result.errors.join('\n');
}

/** A valid document of about `operations` × 450 characters, for reads that take a while. */
function largeDocument(operations: number): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < operations; i += 1)
    paths[`/things${i}/{id}`] = {
      get: {
        summary: `Thing ${i}`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    };
  return stringify({ openapi: '3.0.3', info: { title: 'Large', version: '1' }, paths });
}

describe('nesting: refused before the recursive reader sees it', () => {
  it('1,000- and 5,000-deep JSON and a 1,000-deep YAML block document are refused quickly, naming the line', () => {
    for (const text of [deepJson(1_000), deepJson(5_000), deepBlockYaml(1_000), deepSequenceYaml(600)]) {
      const started = performance.now();
      expect(refusal(parseOpenApi(text))).toMatch(depthRefusal);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    expect(refusal(parseOpenApi(deepBlockYaml(1_000)))).toBe(
      'Line 68: the document is nested more than 64 levels deep',
    );
  });

  it('64 levels are accepted, in JSON and in YAML blocks; 65 are not', () => {
    // The document itself is the first level.
    expect(parseOpenApi(deepJson(63)).ok).toBe(true);
    expect(refusal(parseOpenApi(deepJson(64)))).toMatch(depthRefusal);
    expect(parseOpenApi(deepBlockYaml(63)).ok).toBe(true);
    expect(refusal(parseOpenApi(deepBlockYaml(64)))).toMatch(depthRefusal);
    // Each `- k:` is a sequence and a mapping: 31 of them make 63 levels.
    expect(parseOpenApi(deepSequenceYaml(31)).ok).toBe(true);
    expect(refusal(parseOpenApi(deepSequenceYaml(32)))).toMatch(depthRefusal);
    expect(refusal(parseOpenApi(`${head}x-deep:\n${'- '.repeat(64)}leaf\n`))).toMatch(depthRefusal);
    expect(refusal(parseOpenApi(`${head}x-deep: ${'{a: '.repeat(64)}1${'}'.repeat(64)}\n`))).toMatch(depthRefusal);
  });

  it('block scalars between the levels hide none of them', () => {
    expect(parseOpenApi(besideBlockScalars(63)).ok).toBe(true);
    expect(refusal(parseOpenApi(besideBlockScalars(64)))).toMatch(depthRefusal);
    expect(refusal(parseOpenApi(besideBlockScalars(600)))).toMatch(depthRefusal);
  });

  it('malformed text: the document the reader would build is never more than twice as deep as measured', () => {
    // Collections the composer builds from text (a pair in a flow sequence becomes a mapping), measured
    // without recursion; the composer itself recurses once per collection the measure counts.
    const depthOf = (text: string) => {
      let deepest = 0;
      const pending: [unknown, number][] = [[parseDocument(text).contents, 0]];
      while (pending.length > 0) {
        const [node, depth] = pending.pop() as [unknown, number];
        if (isPair(node)) pending.push([node.key, depth], [node.value, depth]);
        else if (isMap(node) || isSeq(node)) {
          deepest = Math.max(deepest, depth + 1);
          for (const item of node.items) pending.push([item, depth + 1]);
        }
      }
      return deepest;
    };
    const pieces = ['- ', '? ', ': ', ':', 'k', 'v w', '{', '}', '[', ']', ', ', '\n', ' ', '  ', '|\n', '>-\n'];
    pieces.push('"q"', "'q'", '# c', '&a ', '*a', '!t ', '\t', '---\n', '-', 'k: ', '\n  ', '\n    ');
    let seed = 1;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    for (let sample = 0; sample < 2_000; sample += 1) {
      const text = Array.from({ length: 5 + random(60) }, () => pieces[random(pieces.length)]).join('');
      const deepest = depthOf(text);
      if (deepest > 1) expect(nestingDepthExceeded(text, Math.ceil(deepest / 2) - 1), JSON.stringify(text)).not.toBe(0);
    }
  });

  it('brackets in text, comments and block scalars do not count', () => {
    const text = `${head}x-notes:\n  quoted: "${'['.repeat(500)}"\n  plain: a ${'{'.repeat(500)}\n  # ${'['.repeat(500)}\n  block: |\n    ${'['.repeat(500)}\n`;
    expect(parseOpenApi(text).ok).toBe(true);
  });

  it('two deep documents in a row, read as the server reads them, leave this process reading documents', async () => {
    for (const text of [deepJson(1_000), deepJson(5_000), deepJson(1_000), deepBlockYaml(1_200)])
      expect(refusal(await readOpenApi(text))).toMatch(depthRefusal);
    const petstore = readFileSync(path.join(__dirname, '../../test/fixtures/openapi/petstore-expanded.yaml'), 'utf8');
    expect(await readOpenApi(petstore)).toMatchObject({ ok: true, specVersion: '3.0.0' });
  });
});

describe("the reader's own budget", () => {
  it('a read past its time is reported, not waited for', async () => {
    const started = performance.now();
    const result = await readOpenApi(largeDocument(400), { timeoutMs: 20, memoryMb: 256 });
    expect(refusal(result)).toBe('The document could not be read within 0.02 seconds; it is too large or too complex');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a read past its memory ends its own thread, not the process', async () => {
    const result = await readOpenApi(largeDocument(1_500), { timeoutMs: 60_000, memoryMb: 8 });
    expect(refusal(result)).toBe('The document could not be read: reading it needs more than 8 MB');
    expect((await readOpenApi(largeDocument(10))).ok).toBe(true);
  });
});

describe('aliases: a document never grows past 4 times its text', () => {
  /** 60 anchors of 8,000 characters, each used 90 times (as yaml's own alias limit allows): 0.5 MB of text, 43 MB of value. */
  const aliasBomb = () => {
    const anchors = Array.from({ length: 60 }, (_, i) => `  a${i}: &a${i} "${'x'.repeat(8_000)}"`).join('\n');
    const uses = Array.from({ length: 60 }, (_, i) => `  u${i}: [${Array(90).fill(`*a${i}`).join(', ')}]`).join('\n');
    return `${head}x-anchors:\n${anchors}\nx-uses:\n${uses}\n`;
  };

  it('refuses the alias bomb with the reason, and accepts aliases used with measure', async () => {
    const bomb = aliasBomb();
    expect(bomb.length).toBeLessThan(600_000);
    const reason =
      "The document's aliases (*name) repeat so much that it would grow past 4 times its text; write the repeated parts once and use $ref";
    expect(refusal(parseOpenApi(bomb))).toBe(reason);
    expect(refusal(await readOpenApi(bomb))).toBe(reason);
    const modest = `${head}x-shared: &shared {type: string, description: an identifier}\nx-uses: [*shared, *shared, *shared]\n`;
    expect(parseOpenApi(modest).ok).toBe(true);
  });
});

describe('examples and enums: cut on the page and in downloads', () => {
  const huge = { rows: Array.from({ length: 5_000 }, (_, i) => ({ id: i, name: `row ${i}` })) };
  const longValue = 'v'.repeat(5_000);
  const document = () => {
    const parsed = parseOpenApi(
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Big examples', version: '1' },
        paths: {
          '/rows': {
            get: {
              parameters: [
                {
                  name: 'kind',
                  in: 'query',
                  schema: { type: 'string', enum: [longValue, ...Array.from({ length: 200 }, (_, i) => `k${i}`)] },
                },
              ],
              responses: {
                '200': {
                  description: 'ok',
                  content: { 'application/json': { schema: { type: 'object' }, example: huge } },
                },
              },
            },
          },
        },
      }),
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return parsed.document;
  };

  it('the page shows the start of a long example and at most 50 enum values, each cut, and says so', () => {
    const operation = normaliseOpenApi(document()).groups[0]?.operations[0];
    const example = operation?.responses[0]?.media[0]?.example ?? '';
    expect(example.length).toBeLessThan(maxExampleLength + 200);
    expect(example).toMatch(/^\{"rows":\[\{"id":0,"name":"row 0"\}/);
    expect(example).toMatch(/… \(cut: the example has more than 10,000 characters\)$/);
    const values = operation?.parameters[0]?.schema?.enum ?? [];
    expect(values).toHaveLength(51);
    expect(values[0]).toBe(`"${'v'.repeat(maxEnumValueLength - 1)}…`);
    expect(values[50]).toBe('… and 151 more');
  });

  it('the download cuts the long example and the long enum value, and keeps every enum value', () => {
    const served = withGatewayServer(document(), 'http://localhost:3000/gateway/acme/rows/1') as unknown as {
      paths: {
        '/rows': {
          get: {
            parameters: { schema: { enum: string[] } }[];
            responses: { '200': { content: { 'application/json': { example: unknown } } } };
          };
        };
      };
    };
    const get = served.paths['/rows'].get;
    const example = get.responses['200'].content['application/json'].example;
    expect(typeof example).toBe('string');
    expect(example).toMatch(/^\{"rows":\[.*… \(cut: the example has more than 10,000 characters\)$/s);
    expect(String(example).length).toBeLessThan(maxExampleLength + 200);
    const values = get.parameters[0]?.schema.enum ?? [];
    expect(values).toHaveLength(201);
    expect(values[0]).toMatch(/^"v{199}… \(cut: the enum value has more than 200 characters\)$/);
    expect(values[1]).toBe('k0');
  });
});
