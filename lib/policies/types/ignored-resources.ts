import { RE2JS } from 're2js';
import { z } from 'zod';
import type { PolicyTypeModule } from '../contract';
import { limits, linesOf, refuse, tokens } from './shared';

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Why an RE2 pattern does not compile, or null: look-around and back-references are refused. */
function patternProblem(source: string): string | null {
  try {
    RE2JS.compile(source);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : 'invalid';
    return `${source} is not a supported pattern (${reason}); look-around and back-references are not available`;
  }
}

const pattern = z
  .string()
  .max(limits.patternLength, `Patterns are at most ${limits.patternLength} characters`)
  .superRefine((source, ctx) => {
    const problem = patternProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const schema = z.object({
  paths: linesOf(pattern, limits.patterns, 'path patterns').pipe(
    z.array(z.string()).min(1, 'Enter at least one path pattern'),
  ),
  // Empty means every method, so configurations stored before methods existed keep their meaning.
  methods: z
    .preprocess(
      (v) => (Array.isArray(v) ? v : (tokens(v) as string[]).map((m) => m.toUpperCase())),
      z.array(z.enum(httpMethods, `Choose methods among ${httpMethods.join(', ')}`)),
    )
    .default([]),
});

const warmUpProbe = `/${'abcdefghijklmnopqrstuvwxyz0123456789-_.~/'.repeat(100)}!`;

/**
 * Paths that answer 404 at the gateway. Patterns run on RE2 (re2js): matching time is linear in
 * the path's length whatever the pattern, so no pattern can stall the gateway.
 */
export const ignoredResources: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'Ignored Resources',
    fields: [
      {
        name: 'paths',
        label: 'Path patterns',
        kind: 'lines',
        hint: 'Regular expressions (RE2 syntax) searched in the path after the API version, as the gateway normalises it (dot segments removed, escapes of letters and digits decoded, ;parameters left out), e.g. ^/admin(/.*)?$; a match answers 404.',
      },
      {
        name: 'methods',
        label: 'Methods',
        kind: 'text',
        hint: `Comma-separated, e.g. POST, DELETE; empty for every method. Known: ${httpMethods.join(', ')}.`,
      },
    ],
  },
  schema,
  compile({ paths, methods }) {
    // One alternation: a single linear pass over the path however many patterns there are.
    const matcher = RE2JS.compile(paths.map((p) => `(?:${p})`).join('|'));
    // re2js builds its automaton lazily and V8 optimises its loop only after a while: a few runs
    // over a long probe here keep both costs off the first calls.
    for (let i = 0; i < 3; i++) matcher.test(warmUpProbe);
    const only = methods.length > 0 ? new Set<string>(methods) : null;
    return {
      request(call) {
        if (only && !only.has(call.request.method)) return undefined;
        if (!matcher.test(call.request.path)) return undefined;
        return refuse('IgnoredResources', 404, 'resource_ignored', 'This resource is not available.');
      },
    };
  },
};
