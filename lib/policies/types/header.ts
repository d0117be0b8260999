import { z } from 'zod';
import type { CompiledPhases, PolicyTypeModule } from '../contract';
import { headerName, headerValue, limits, lineOrStored, linesOf } from './shared';

const pair = z.object({ name: headerName, value: headerValue });

/** One "Name: value" line of the form, or a stored `{ name, value }`. */
const headerLine = lineOrStored((line) => {
  const at = line.indexOf(':');
  if (at < 0) return 'Write each header as Name: value';
  const parsed = pair.safeParse({ name: line.slice(0, at), value: line.slice(at + 1).trim() });
  return parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? 'Write each header as Name: value');
}, pair);

const setLines = linesOf(headerLine, limits.tokens, 'headers');
const removeLines = linesOf(headerName, limits.tokens, 'header names');

const schema = z
  .object({ requestSet: setLines, requestRemove: removeLines, responseSet: setLines, responseRemove: removeLines })
  .refine((c) => c.requestSet.length + c.requestRemove.length + c.responseSet.length + c.responseRemove.length > 0, {
    message: 'Add at least one header rule',
    path: ['requestSet'],
  });

type Plan = { set: [string, string][]; remove: string[] };
const planOf = (set: { name: string; value: string }[], remove: string[]): Plan => ({
  set: set.map((h) => [h.name.toLowerCase(), h.value]),
  remove: remove.map((h) => h.toLowerCase()),
});

function apply(plan: Plan, headers: Record<string, string | string[] | undefined>) {
  for (const name of plan.remove) delete headers[name];
  for (const [name, value] of plan.set) headers[name] = value;
}

/** Adds, overwrites and strips request and response headers; the gateway's own headers are out of reach. */
export const header: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'Header',
    fields: [
      {
        name: 'requestSet',
        label: 'Set on requests',
        kind: 'lines',
        hint: 'Name: value, one per line (added or overwritten).',
      },
      { name: 'requestRemove', label: 'Remove from requests', kind: 'lines', hint: 'Header names, one per line.' },
      { name: 'responseSet', label: 'Set on responses', kind: 'lines', hint: 'Name: value, one per line.' },
      { name: 'responseRemove', label: 'Remove from responses', kind: 'lines', hint: 'Header names, one per line.' },
    ],
  },
  schema,
  compile(config) {
    const request = planOf(config.requestSet, config.requestRemove);
    const response = planOf(config.responseSet, config.responseRemove);
    const phases: CompiledPhases = {};
    if (request.set.length + request.remove.length > 0)
      phases.request = (call) => {
        apply(request, call.request.headers);
        return undefined;
      };
    if (response.set.length + response.remove.length > 0)
      phases.response = (_call, answer) => apply(response, answer.headers);
    return phases;
  },
};
