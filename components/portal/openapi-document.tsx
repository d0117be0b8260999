import type { ReactNode } from 'react';
import { readApiReference } from '@/lib/openapi/document';
import type { ApiReference, MediaView, OperationView } from '@/lib/openapi/normalise';
import { SchemaTree } from './schema-tree';

const methodColour: Record<string, string> = {
  GET: 'bg-emerald-100 text-emerald-800',
  POST: 'bg-sky-100 text-sky-800',
  PUT: 'bg-amber-100 text-amber-800',
  PATCH: 'bg-violet-100 text-violet-800',
  DELETE: 'bg-red-100 text-red-800',
};

/**
 * An OpenAPI document rendered readably, on the server (no script of its own): operations grouped
 * by tag with their parameters, the scopes they require, request body and responses with examples
 * (each named error body once, under Error bodies),
 * and one server: the gateway endpoint of an API (or /api/v1 for Portico's own management API). `tryIt` adds the page's own Try it to each operation. The text is read off the
 * request thread (lib/openapi/reader.ts); text that cannot be read today (saved before the checks it
 * fails) is said to be so, and never shown or parsed here.
 */
export async function OpenApiDocument({
  document,
  endpoint,
  downloads,
  tryIt,
}: {
  document: string;
  endpoint: string;
  downloads?: ReactNode;
  tryIt?: (operation: OperationView) => ReactNode;
}) {
  const reference = await readApiReference(document);
  if (!reference)
    return (
      <section aria-labelledby="openapi-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="openapi-heading" className="mb-3 text-lg font-semibold">
          API documentation
        </h2>
        <p role="status" className="text-sm text-slate-600">
          The API&apos;s OpenAPI document could not be read, so it is not shown. It was saved before the checks it now
          fails (for example, nested too deep or too large once its aliases are expanded); saving it again in the
          console names the problem.
        </p>
      </section>
    );
  const errorShapes = namedErrorShapes(reference);
  return (
    <section aria-labelledby="openapi-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <header className="space-y-2">
        <h2 id="openapi-heading" className="text-lg font-semibold">
          API documentation: {reference.title}
        </h2>
        <p className="text-sm text-slate-500">
          {reference.version ? `Version ${reference.version} · ` : ''}
          {reference.specification}
        </p>
        {reference.description ? <Prose text={reference.description} /> : null}
        <p className="text-sm">
          <span className="text-slate-600">Server: </span>
          <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 text-xs">{endpoint}</code>
        </p>
        {downloads}
      </header>
      <nav aria-label="Operations" className="text-sm">
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {reference.groups.flatMap((group) =>
            group.operations.map((operation) => (
              <li key={`${group.tag}-${operation.id}`}>
                <a href={`#${operation.id}`} className="font-mono text-xs text-indigo-700 hover:underline">
                  {operation.method} {operation.path}
                </a>
              </li>
            )),
          )}
        </ul>
      </nav>
      {reference.groups.map((group) => (
        <section key={group.tag} aria-label={group.tag} className="space-y-3">
          <h3 className="border-b border-slate-200 pb-1 text-base font-semibold">{group.tag}</h3>
          {group.description ? <Prose text={group.description} /> : null}
          {group.operations.map((operation) => (
            <Operation key={operation.id} operation={operation} tryIt={tryIt} />
          ))}
        </section>
      ))}
      {errorShapes.length ? (
        <section aria-labelledby="error-shapes-heading" className="space-y-3">
          <h3 id="error-shapes-heading" className="border-b border-slate-200 pb-1 text-base font-semibold">
            Error bodies
          </h3>
          {errorShapes.map(([name, media]) => (
            <article key={name} id={shapeAnchor(name)} aria-label={name} className="scroll-mt-4">
              <h4 className="font-mono text-sm font-semibold">{name}</h4>
              <MediaList media={[media]} />
            </article>
          ))}
        </section>
      ) : null}
    </section>
  );
}

const isError = (status: string) => /^[45]/.test(status);
const shapeAnchor = (name: string) => `error-body-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/**
 * The named schemas error responses answer with, each once: most APIs answer every error with one
 * shape (a `Problem`, an `Error`), and repeating it under every operation's every error status would
 * make the page mostly copies of it.
 */
function namedErrorShapes(reference: ApiReference): [string, MediaView][] {
  const shapes = new Map<string, MediaView>();
  for (const operation of reference.groups.flatMap((g) => g.operations))
    for (const response of operation.responses.filter((r) => isError(r.status)))
      for (const media of response.media)
        if (media.schema?.name && !shapes.has(media.schema.name)) shapes.set(media.schema.name, media);
  return [...shapes.entries()];
}

/** An error response's body: a named shape links to it under Error bodies; any other is there on demand. */
function ErrorMedia({ media }: { media: MediaView[] }) {
  return media.map((m) =>
    m.schema?.name ? (
      <p key={m.contentType} className="text-xs text-slate-500">
        {m.contentType} ·{' '}
        <a href={`#${shapeAnchor(m.schema.name)}`} className="font-mono text-indigo-700 hover:underline">
          {m.schema.name}
        </a>
      </p>
    ) : (
      <details key={m.contentType}>
        <summary className="cursor-pointer text-xs text-slate-600">Body ({m.contentType})</summary>
        <MediaList media={[m]} />
      </details>
    ),
  );
}

function Operation({
  operation,
  tryIt,
}: {
  operation: OperationView;
  tryIt?: (operation: OperationView) => ReactNode;
}) {
  const name = `${operation.method} ${operation.path}`;
  return (
    <article
      id={operation.id}
      aria-label={name}
      className="scroll-mt-4 space-y-3 rounded-md border border-slate-200 p-4"
    >
      <h4 className="flex flex-wrap items-center gap-2">
        <span
          className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${methodColour[operation.method] ?? 'bg-slate-100 text-slate-800'}`}
        >
          {operation.method}
        </span>
        <span className="font-mono text-sm font-semibold">{operation.path}</span>
        {operation.summary ? <span className="text-sm text-slate-700">{operation.summary}</span> : null}
        {operation.deprecated ? <span className="text-xs font-medium text-amber-700">deprecated</span> : null}
      </h4>
      {operation.operationId ? <p className="text-xs text-slate-500">Operation {operation.operationId}</p> : null}
      {operation.scopes.length ? (
        <p className="flex flex-wrap items-center gap-1 text-xs text-slate-700">
          {operation.scopes.length === 1 ? 'Required scope:' : 'Scopes:'}
          {operation.scopes.map((scope) => (
            <code key={scope} className="rounded bg-amber-50 px-1.5 py-0.5 text-amber-900 ring-1 ring-amber-200">
              {scope}
            </code>
          ))}
        </p>
      ) : null}
      {operation.description ? <Prose text={operation.description} /> : null}
      {operation.parameters.length ? (
        <table className="w-full text-sm">
          <caption className="pb-1 text-left text-sm font-medium">Parameters</caption>
          <thead className="text-left text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Name
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                In
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Type
              </th>
              <th scope="col" className="py-1 font-medium">
                Description
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {operation.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <td className="py-1 pr-3 font-mono text-xs">
                  {p.name}
                  {p.required ? <span className="ml-1 font-sans text-red-700">required</span> : null}
                </td>
                <td className="py-1 pr-3 text-xs">{p.in}</td>
                <td className="py-1 pr-3 font-mono text-xs">
                  {p.schema ? `${p.schema.type}${p.schema.format ? ` (${p.schema.format})` : ''}` : ''}
                </td>
                <td className="py-1 text-xs text-slate-700">{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {operation.requestBody ? (
        <div>
          <h5 className="text-sm font-medium">
            Request body
            {operation.requestBody.required ? <span className="ml-1 text-xs text-red-700">required</span> : null}
          </h5>
          {operation.requestBody.description ? (
            <p className="text-sm text-slate-600">{operation.requestBody.description}</p>
          ) : null}
          <MediaList media={operation.requestBody.media} />
        </div>
      ) : null}
      <div>
        <h5 className="text-sm font-medium">Responses</h5>
        <dl className="space-y-2">
          {operation.responses.map((response) => (
            <div key={response.status}>
              <dt className="font-mono text-xs font-semibold">{response.status}</dt>
              <dd className="ml-4 text-sm">
                {response.description ? <p className="text-slate-700">{response.description}</p> : null}
                {isError(response.status) ? (
                  <ErrorMedia media={response.media} />
                ) : (
                  <MediaList media={response.media} />
                )}
              </dd>
            </div>
          ))}
        </dl>
      </div>
      {tryIt ? tryIt(operation) : null}
    </article>
  );
}

function MediaList({ media }: { media: MediaView[] }) {
  return media.map((m) => (
    <div key={m.contentType} className="mt-1 grid gap-2 md:grid-cols-2">
      <div>
        <p className="text-xs text-slate-500">{m.contentType}</p>
        {m.schema ? <SchemaTree schema={m.schema} /> : null}
      </div>
      {m.example ? (
        <figure>
          <figcaption className="text-xs text-slate-500">Example</figcaption>
          <pre className="max-h-64 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{m.example}</pre>
        </figure>
      ) : null}
    </div>
  ));
}

/** Descriptions are CommonMark in OpenAPI; shown as paragraphs of plain text (no HTML from the document). */
function Prose({ text }: { text: string }) {
  return (
    <div className="space-y-2 text-sm text-slate-700">
      {text
        .split(/\n\s*\n/)
        .filter((paragraph) => paragraph.trim())
        .map((paragraph, index) => (
          <p key={index}>{paragraph.trim()}</p>
        ))}
    </div>
  );
}
