import { describe, expect, it } from 'vitest';
import { readApiReference } from '@/lib/openapi/document';
import type { SchemaView } from '@/lib/openapi/normalise';
import { restDocument, restRoutes } from '@/lib/rest/table';

/** Whether a schema, anywhere inside, was shown by name only because the viewer's budget ran out. */
function cutShort(schema: SchemaView | undefined): boolean {
  if (!schema) return false;
  return (
    schema.omitted === true ||
    (schema.properties ?? []).some((p) => cutShort(p.schema)) ||
    cutShort(schema.items) ||
    (schema.variants ?? []).some(cutShort)
  );
}

describe('the REST API page: the management API read by the portal’s documentation viewer', () => {
  it('shows every operation of the route table with the scope it requires, no schema cut short', async () => {
    const reference = await readApiReference(JSON.stringify(restDocument()));
    expect(reference?.title).toBe('Portico management API');
    const operations = reference?.groups.flatMap((g) => g.operations) ?? [];
    expect(operations.map((o) => `${o.method} ${o.path} ${o.scopes.join(' ')}`).sort()).toEqual(
      restRoutes.map((r) => `${r.method} ${r.path} ${r.scope}`).sort(),
    );
    const listClients = operations.find((o) => o.operationId === 'listClients');
    expect(listClients?.parameters.map((p) => `${p.name} in ${p.in}`)).toEqual([
      'org in path',
      'q in query',
      'limit in query',
      'after in query',
    ]);
    const schemas = operations.flatMap((o) => [
      ...(o.requestBody?.media ?? []).map((m) => m.schema),
      ...o.responses.flatMap((r) => r.media.map((m) => m.schema)),
    ]);
    expect(schemas.filter(cutShort)).toEqual([]);
  });
});
