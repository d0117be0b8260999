interface Operation {
  method: string;
  path: string;
  summary: string;
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The operations of an OpenAPI (or Swagger) JSON document; null when it cannot be read as one. */
export function operationsOf(document: string): { title: string | null; operations: Operation[] } | null {
  try {
    const parsed = JSON.parse(document) as {
      info?: { title?: unknown };
      paths?: Record<string, Record<string, { summary?: unknown; description?: unknown }>>;
    };
    if (!parsed.paths || typeof parsed.paths !== 'object') return null;
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries(parsed.paths)) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        if (!methods.includes(method)) continue;
        const summary = operation?.summary ?? operation?.description ?? '';
        operations.push({ method: method.toUpperCase(), path, summary: typeof summary === 'string' ? summary : '' });
      }
    }
    return { title: typeof parsed.info?.title === 'string' ? parsed.info.title : null, operations };
  } catch {
    return null;
  }
}

/** An OpenAPI document rendered readably: its operations as a table, else the text itself. */
export function OpenApiDocument({ document }: { document: string }) {
  const read = operationsOf(document);
  return (
    <section aria-labelledby="openapi-heading" className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="openapi-heading" className="mb-3 text-lg font-semibold">
        API documentation{read?.title ? `: ${read.title}` : ''}
      </h2>
      {read && read.operations.length > 0 ? (
        <table className="w-full text-sm">
          <thead className="text-left text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Method
              </th>
              <th scope="col" className="py-1 pr-4 font-medium">
                Path
              </th>
              <th scope="col" className="py-1 font-medium">
                Summary
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {read.operations.map((op) => (
              <tr key={`${op.method} ${op.path}`}>
                <td className="py-1 pr-4 font-mono text-xs font-semibold">{op.method}</td>
                <td className="py-1 pr-4 font-mono text-xs">{op.path}</td>
                <td className="py-1">{op.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <pre className="max-h-96 overflow-auto rounded bg-slate-50 p-3 text-xs">{document}</pre>
      )}
    </section>
  );
}
