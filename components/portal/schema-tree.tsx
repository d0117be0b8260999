import type { SchemaView } from '@/lib/openapi/normalise';

/** A schema as a nested list: each property with its type, whether it is required, and what it means. */
export function SchemaTree({ schema }: { schema: SchemaView }) {
  return (
    <div className="text-sm">
      <p className="font-mono text-xs text-slate-700">
        {typeLabel(schema)}
        {schema.recursive ? <span className="text-slate-500"> (shown above)</span> : null}
        {schema.omitted ? <span className="text-slate-500"> (details left out)</span> : null}
      </p>
      {schema.description ? <p className="text-slate-600">{schema.description}</p> : null}
      <Children schema={schema} />
    </div>
  );
}

function typeLabel(schema: SchemaView): string {
  const format = schema.format ? ` (${schema.format})` : '';
  if (schema.name && !schema.type.startsWith('array')) return `${schema.name} · ${schema.type}${format}`;
  return `${schema.type}${format}`;
}

function Children({ schema }: { schema: SchemaView }) {
  if (schema.recursive || schema.omitted) return null;
  if (schema.enum) return <p className="text-xs text-slate-600">One of: {schema.enum.join(', ')}</p>;
  if (schema.items) return <Children schema={schema.items} />;
  if (schema.variants?.length)
    return (
      <ol className="ml-4 mt-1 list-decimal space-y-1">
        {schema.variants.map((variant, index) => (
          <li key={index}>
            <SchemaTree schema={variant} />
          </li>
        ))}
      </ol>
    );
  if (!schema.properties?.length) return null;
  return (
    <ul className="mt-1 space-y-1 border-l border-slate-200 pl-3">
      {schema.properties.map((property) => (
        <li key={property.name}>
          <code className="font-mono text-xs font-semibold">{property.name}</code>{' '}
          <span className="font-mono text-xs text-slate-600">{typeLabel(property.schema)}</span>
          {property.required ? <span className="ml-1 text-xs font-medium text-red-700">required</span> : null}
          {property.schema.description ? (
            <span className="block text-xs text-slate-600">{property.schema.description}</span>
          ) : null}
          <Children schema={property.schema} />
        </li>
      ))}
    </ul>
  );
}
