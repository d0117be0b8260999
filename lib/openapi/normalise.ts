import { enumTexts, exampleText } from './caps';
import { resolvePointer, type OpenApiObject } from './parse';

/**
 * One shape for rendering, whatever the document was written in: Swagger 2.0 and OpenAPI 3.0/3.1
 * alike become operations grouped by tag, with their parameters, request body and responses, and
 * local `$ref`s resolved (a schema that contains itself is shown once, then named). Servers are
 * left out on purpose: callers reach the API through the gateway, never the provider's backend.
 */

export interface SchemaView {
  /** `object`, `string`, `array of Pet`, `one of`… */
  type: string;
  /** The component it came from (`Pet`), when it was a reference. */
  name?: string;
  format?: string;
  description?: string;
  enum?: string[];
  properties?: { name: string; required: boolean; schema: SchemaView }[];
  items?: SchemaView;
  variants?: SchemaView[];
  /** True where the schema refers back to one it is already inside. */
  recursive?: boolean;
  /** True where a reference is shown by name only: too deep, or the document's budget is spent. */
  omitted?: boolean;
}

export interface ParameterView {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema?: SchemaView;
}

export interface MediaView {
  contentType: string;
  schema?: SchemaView;
  /** An example as JSON text: the document's own, else one made from the schema; cut past a cap (caps.ts). */
  example?: string;
}

export interface OperationView {
  /** Stable anchor: `get-pets-id`. */
  id: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  operationId?: string;
  deprecated: boolean;
  /**
   * The scopes its security requirements name (its own `security`, else the document's), such as
   * `clients:read`; empty when it names none.
   */
  scopes: string[];
  parameters: ParameterView[];
  requestBody?: { required: boolean; description?: string; media: MediaView[] };
  responses: { status: string; description?: string; media: MediaView[] }[];
}

export interface ApiReference {
  title: string;
  version: string;
  description?: string;
  /** `OpenAPI 3.0.0`, `Swagger 2.0`. */
  specification: string;
  groups: { tag: string; description?: string; operations: OperationView[] }[];
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const untagged = 'Operations';
/** Deeper schemas are cut off: a reader needs the shape, not every level of a huge model. */
const maxDepth = 6;
/**
 * Schema nodes one document may expand to in all: references expand where they are used, so a
 * large model used everywhere could otherwise multiply into millions of nodes (a page that never
 * renders). Every schema node and example value counts; past the budget a schema is shown by its
 * name alone.
 */
const maxNodes = 30_000;
const budgets = new WeakMap<OpenApiObject, { left: number }>();
const spend = (document: OpenApiObject) => {
  const budget = budgets.get(document);
  if (!budget) return true;
  budget.left -= 1;
  return budget.left > 0;
};

type Node = Record<string, unknown>;
const isObject = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

export function normaliseOpenApi(document: OpenApiObject): ApiReference {
  budgets.set(document, { left: maxNodes });
  const swagger = document.swagger !== undefined;
  const deref = (value: unknown): unknown => {
    const seen = new Set<string>();
    let node = value;
    while (isObject(node) && typeof node.$ref === 'string' && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      node = resolvePointer(document, node.$ref);
    }
    return node;
  };
  const info = isObject(document.info) ? document.info : {};
  const tagDescriptions = new Map(
    (Array.isArray(document.tags) ? document.tags : [])
      .filter(isObject)
      .map((t) => [String(t.name), text(t.description)] as const),
  );
  const groups = new Map<string, OperationView[]>();
  for (const name of tagDescriptions.keys()) groups.set(name, []);
  const globalConsumes = swagger ? strings(document.consumes) : [];
  const globalSecurity = document.security;
  const globalProduces = swagger ? strings(document.produces) : [];

  for (const [path, rawItem] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    const item = deref(rawItem);
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const declared = [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])]
        .map(deref)
        .filter(isObject);
      // An operation's parameter overrides the path's one of the same name and place.
      const byKey = new Map(declared.map((p) => [`${p.in}:${p.name}`, p]));
      const parameters = [...byKey.values()];
      const view: OperationView = {
        id: `${method}-${path}`
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/-+$/, ''),
        method: method.toUpperCase(),
        path,
        summary: text(operation.summary),
        description: text(operation.description),
        operationId: text(operation.operationId),
        deprecated: operation.deprecated === true,
        scopes: scopesOf(operation.security ?? globalSecurity),
        parameters: parameters
          .filter((p) => p.in !== 'body' && p.in !== 'formData')
          .map((p) => ({
            name: String(p.name),
            in: String(p.in),
            required: p.required === true || p.in === 'path',
            description: text(p.description),
            schema: schemaView(swagger ? swaggerParameterSchema(p) : p.schema, document),
          })),
        requestBody: swagger
          ? swaggerBody(parameters, strings(operation.consumes, globalConsumes), document)
          : openApiBody(deref(operation.requestBody), document),
        responses: Object.entries(isObject(operation.responses) ? operation.responses : {}).map(([status, raw]) => {
          const response = deref(raw);
          if (!isObject(response)) return { status, media: [] };
          const media = swagger
            ? response.schema !== undefined
              ? strings(operation.produces, globalProduces.length ? globalProduces : ['application/json']).map(
                  (contentType) => mediaView(contentType, response.schema, examplesOf(response)[contentType], document),
                )
              : []
            : contentOf(response.content, document);
          return { status, description: text(response.description), media };
        }),
      };
      const tags = strings(operation.tags);
      for (const tag of tags.length ? tags : [untagged]) groups.set(tag, [...(groups.get(tag) ?? []), view]);
    }
  }

  return {
    title: text(info.title) ?? 'API',
    version: text(String(info.version ?? '')) ?? '',
    description: text(info.description),
    specification: swagger ? `Swagger ${String(document.swagger)}` : `OpenAPI ${String(document.openapi)}`,
    groups: [...groups.entries()]
      .filter(([, operations]) => operations.length > 0)
      .map(([tag, operations]) => ({ tag, description: tagDescriptions.get(tag), operations })),
  };
}

/** Security requirements are `{ scheme: [scope, …] }` objects; the scopes of all of them, each once. */
function scopesOf(security: unknown): string[] {
  if (!Array.isArray(security)) return [];
  return [
    ...new Set(
      security.filter(isObject).flatMap((requirement) => Object.values(requirement).flatMap((s) => strings(s))),
    ),
  ];
}

function strings(value: unknown, fallback: string[] = []): string[] {
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return list.length ? list : fallback;
}

function examplesOf(response: Node): Record<string, unknown> {
  return isObject(response.examples) ? response.examples : {};
}

function openApiBody(body: unknown, document: OpenApiObject): OperationView['requestBody'] {
  if (!isObject(body)) return undefined;
  return {
    required: body.required === true,
    description: text(body.description),
    media: contentOf(body.content, document),
  };
}

function contentOf(content: unknown, document: OpenApiObject): MediaView[] {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([contentType, raw]) => {
    const media = isObject(raw) ? raw : {};
    const named = isObject(media.examples) ? Object.values(media.examples).find(isObject) : undefined;
    const example = media.example ?? named?.value;
    return mediaView(contentType, media.schema, example, document);
  });
}

function mediaView(contentType: string, schema: unknown, example: unknown, document: OpenApiObject): MediaView {
  const sample = example ?? (schema !== undefined ? exampleOf(schema, document) : undefined);
  return {
    contentType,
    schema: schemaView(schema, document),
    example: sample === undefined ? undefined : exampleText(sample),
  };
}

/** Swagger 2.0 describes a body as a `body` parameter, or as `formData` fields. */
function swaggerBody(parameters: Node[], consumes: string[], document: OpenApiObject): OperationView['requestBody'] {
  const body = parameters.find((p) => p.in === 'body');
  if (body)
    return {
      required: body.required === true,
      description: text(body.description),
      media: (consumes.length ? consumes : ['application/json']).map((type) =>
        mediaView(type, body.schema, undefined, document),
      ),
    };
  const form = parameters.filter((p) => p.in === 'formData');
  if (form.length === 0) return undefined;
  const schema = {
    type: 'object',
    required: form.filter((p) => p.required === true).map((p) => String(p.name)),
    properties: Object.fromEntries(form.map((p) => [String(p.name), swaggerParameterSchema(p)])),
  };
  const type = consumes.find((c) => c.startsWith('multipart/')) ?? 'application/x-www-form-urlencoded';
  return { required: form.some((p) => p.required === true), media: [mediaView(type, schema, undefined, document)] };
}

/** A Swagger 2.0 non-body parameter carries its schema's keywords itself. */
function swaggerParameterSchema(parameter: Node): Node {
  const { type, format, items, enum: values, default: fallback } = parameter;
  return { type, format, items, enum: values, default: fallback };
}

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

export function schemaView(raw: unknown, document: OpenApiObject, trail: string[] = []): SchemaView | undefined {
  if (!isObject(raw)) return undefined;
  if (!spend(document))
    return { type: 'object', name: typeof raw.$ref === 'string' ? refName(raw.$ref) : undefined, omitted: true };
  if (typeof raw.$ref === 'string') {
    const name = refName(raw.$ref);
    if (trail.includes(raw.$ref)) return { type: 'object', name, recursive: true };
    if (trail.length >= maxDepth) return { type: 'object', name, omitted: true };
    const view = schemaView(resolvePointer(document, raw.$ref), document, [...trail, raw.$ref]);
    return view ? { ...view, name } : { type: 'unknown', name };
  }
  const nested = (value: unknown) => schemaView(value, document, [...trail, `#inline${trail.length}`]);
  const type = Array.isArray(raw.type) ? raw.type.map(String).join(' or ') : text(raw.type);
  const base = {
    format: text(raw.format),
    description: text(raw.description),
    enum: Array.isArray(raw.enum) ? enumTexts(raw.enum) : undefined,
  };
  if (Array.isArray(raw.allOf)) {
    // Composition by allOf reads as one object: the members' properties together (Pet = NewPet + id).
    const parts = raw.allOf.map(nested).filter((p): p is SchemaView => p !== undefined);
    const own = nested({ ...raw, allOf: undefined });
    const properties = [...parts, ...(own?.properties ? [own] : [])].flatMap((p) => p.properties ?? []);
    return { ...base, type: 'object', properties };
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = raw[key];
    if (Array.isArray(list))
      return {
        ...base,
        type: key === 'oneOf' ? 'one of' : 'any of',
        variants: list.map(nested).filter((p): p is SchemaView => p !== undefined),
      };
  }
  if (type === 'array' || raw.items !== undefined) {
    const items = nested(raw.items);
    return { ...base, type: `array of ${items?.name ?? items?.type ?? 'anything'}`, items };
  }
  if (type === 'object' || isObject(raw.properties)) {
    const required = new Set(strings(raw.required));
    const properties = Object.entries(isObject(raw.properties) ? raw.properties : {}).flatMap(([name, value]) => {
      const schema = nested(value);
      return schema ? [{ name, required: required.has(name), schema }] : [];
    });
    return { ...base, type: type ?? 'object', properties };
  }
  return { ...base, type: type ?? 'any' };
}

/** A plausible value for a schema, for examples the document does not give. */
export function exampleOf(raw: unknown, document: OpenApiObject, trail: string[] = []): unknown {
  if (!isObject(raw) || trail.length > maxDepth || !spend(document)) return undefined;
  if (typeof raw.$ref === 'string') {
    if (trail.includes(raw.$ref)) return undefined;
    return exampleOf(resolvePointer(document, raw.$ref), document, [...trail, raw.$ref]);
  }
  const inner = (value: unknown) => exampleOf(value, document, [...trail, '#']);
  if (raw.example !== undefined) return raw.example;
  if (Array.isArray(raw.examples) && raw.examples.length) return raw.examples[0];
  if (raw.default !== undefined) return raw.default;
  if (Array.isArray(raw.enum) && raw.enum.length) return raw.enum[0];
  if (Array.isArray(raw.allOf))
    return Object.assign(
      {},
      ...raw.allOf.map(inner).filter(isObject),
      isObject(raw.properties) ? inner({ ...raw, allOf: undefined }) : {},
    );
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = raw[key];
    if (Array.isArray(list) && list.length) return inner(list[0]);
  }
  const type = Array.isArray(raw.type) ? raw.type.find((t) => t !== 'null') : raw.type;
  if (type === 'array' || raw.items !== undefined) {
    const item = inner(raw.items);
    return item === undefined ? [] : [item];
  }
  if (type === 'object' || isObject(raw.properties))
    return Object.fromEntries(
      Object.entries(isObject(raw.properties) ? raw.properties : {}).map(([name, value]) => [name, inner(value)]),
    );
  if (type === 'integer' || type === 'number') return 0;
  if (type === 'boolean') return true;
  if (type === 'string')
    return raw.format === 'date-time' ? '2026-01-01T00:00:00Z' : raw.format === 'date' ? '2026-01-01' : 'string';
  return undefined;
}
