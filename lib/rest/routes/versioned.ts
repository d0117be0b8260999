import { z } from 'zod';
import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import type { ActionResult } from '@/lib/commands/result';
import type { CommandContext } from '@/lib/commands/transact';
import { cursorPage, cursorParams, type Page, type PageRequest } from '@/lib/queries/page';
import type { ProvidedRow } from '@/lib/queries/provider-list';
import type { Scope } from '@/lib/tokens/scopes';
import { versionedKinds, type VersionedKind } from '@/lib/versioned/kinds';
import { createEntityInput, descriptionInput, newVersionInput } from '@/lib/versioned/wizard-inputs';
import { RestProblem } from '../problems';
import type { AnyRoute, HandlerContext, Method, Outcome } from '../route';
import type { Target } from '../targets';
import { policyRoutes } from './policies';
import { listReply, listSchema } from './shared';

/**
 * APIs, plans and clients answer the same operations on an entity and its versions (lib/versioned
 * folds their commands the same way): create it with its first version, change its description,
 * make a new version from another, read a version, the version's policies; APIs and plans also
 * list the organization's entities with their newest version. A kind's file places these routes
 * among its own, in the order its part of the document lists them.
 */

type Resolver<P, T> = (db: Db, caller: Caller, params: P) => Promise<T | null>;
type Command<T = void> = (context: CommandContext, input: unknown) => Promise<ActionResult<T>>;

/** `{ org, api }`, `{ org, plan }`, `{ org, client }`: what an entity's path names. */
export type EntityParams<K extends VersionedKind> = { org: string } & Record<K, string>;
export type VersionParams<K extends VersionedKind> = EntityParams<K> & { version: string };

/** A route whose path parameters are given as a type (the paths here are built per kind). */
interface KindRouteSpec<P, Q extends z.ZodType, B extends z.ZodType, T> {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  scope: Scope;
  query?: Q;
  body?: B;
  success: { status: 200 | 201; schema: z.ZodType; description: string };
  list?: boolean;
  target: Resolver<P, T>;
  fields?: Record<string, string>;
  handler: (context: HandlerContext<P, z.output<Q>, z.output<B>, T, z.input<B>>) => Promise<Outcome>;
}

function kindRoute<P, T extends Target, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown>(
  spec: KindRouteSpec<P, Q, B, T>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}

/** The query of a provided kind's list (lib/queries/provider-list.ts), as the REST list passes it. */
type ProvidedSearch<S extends string> = PageRequest & {
  q: string;
  status: S | '';
  org: string;
  sort: 'name';
  dir: 'asc';
};

export interface VersionedRoutesOptions<K extends VersionedKind, E extends Target, V extends Target> {
  kind: K;
  tag: string;
  read: Scope;
  write: Scope;
  /** The organization a list and a creation name, as the entities' parent. */
  organization: Resolver<{ org: string }, Target & { slug: string }>;
  entity: Resolver<EntityParams<K>, E>;
  entityId: (target: E) => number;
  version: Resolver<VersionParams<K>, V>;
  versionId: (target: V) => number;
  /** A version as the answers give it: its schema, and how it is read (null: not visible). */
  versionSchema: z.ZodType;
  versionBody: (db: Db, caller: Caller, ref: VersionParams<K>, url: URL) => Promise<unknown>;
  create: { command: Command<{ slug: string }>; summary: string };
  describe: Command;
  newVersion: {
    command: Command<unknown>;
    summary: string;
    copyFrom: z.ZodType<string | undefined>;
    /** The version copied when the request names none. */
    newest?: (db: Db, target: E) => Promise<string | null>;
  };
  versionSummary: string;
}

const noSuchVersion = () =>
  new RestProblem('invalid-request', 'Please correct the marked fields.', [
    { pointer: '/body/copyFrom', message: 'No such version' },
  ]);

/** `an API` from `An API`: the kinds' names as lib/versioned/kinds.ts writes them at a sentence's start. */
const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export function versionedRoutes<K extends VersionedKind, E extends Target, V extends Target>(
  options: VersionedRoutesOptions<K, E, V>,
) {
  const { kind, tag, read, write, organization, entity, version, versionSchema, versionBody } = options;
  const names = versionedKinds[kind];
  const name = kind.charAt(0).toUpperCase() + kind.slice(1);
  const entities = `/organizations/{org}/${names.segment}`;
  const one = `${entities}/{${kind}}`;
  const versionPath = `${one}/versions/{version}`;

  /**
   * The organization's entities with their newest version (APIs and plans: a client's list is of
   * its versions). `params` are the list's URL parameters, of which it takes the words and Status.
   */
  const list = <S extends string>(
    params: z.ZodObject<{ q: z.ZodType<string>; status: z.ZodType<S | ''> }>,
    rows: (db: Db, caller: Caller, search: ProvidedSearch<S>) => Promise<Page<ProvidedRow<S>>>,
  ) =>
    kindRoute({
      method: 'GET',
      path: entities,
      operationId: `list${name}s`,
      summary: `The organization's ${names.plural} with their newest version`,
      tag,
      scope: read,
      target: organization,
      list: true,
      query: params.pick({ q: true, status: true }).extend(cursorParams.shape),
      success: { status: 200, schema: listSchema(provided), description: `A page of ${names.plural}` },
      handler: async ({ db, caller, query, target, url }) => {
        const page = await rows(db, caller, {
          ...cursorPage(query),
          q: query.q,
          status: query.status,
          org: target.slug,
          sort: 'name',
          dir: 'asc',
        });
        return listReply(page, url, (row) => ({
          slug: row.slug,
          name: row.name,
          description: row.description,
          latestVersion: row.latestVersion,
          status: row.status,
          versionCount: row.versionCount,
        }));
      },
    });

  return {
    list,
    create: kindRoute({
      method: 'POST',
      path: entities,
      operationId: `create${name}`,
      summary: options.create.summary,
      tag,
      scope: write,
      target: organization,
      body: createEntityInput.omit({ orgSlug: true }),
      fields: { orgSlug: '/path/org' },
      success: {
        status: 201,
        schema: versionSchema,
        description: `The first version of ${lower(names.theEntity)} made`,
      },
      handler: async ({ db, caller, body, params, url, input }) => {
        const result = await options.create.command({ db, caller }, { ...input, orgSlug: params.org });
        if (!result.ok) return result;
        const ref = { org: params.org, [kind]: result.data.slug, version: body.version } as VersionParams<K>;
        return {
          body: await versionBody(db, caller, ref, url),
          headers: { Location: `${url.pathname}/${result.data.slug}/versions/${encodeURIComponent(ref.version)}` },
        };
      },
    }),
    describe: kindRoute({
      method: 'PUT',
      path: one,
      operationId: `update${name}`,
      summary: `Change ${lower(names.theEntity)}'s description`,
      tag,
      scope: write,
      target: entity,
      body: descriptionInput.omit({ id: true }),
      success: { status: 200, schema: z.object({ description: z.string() }), description: 'Changed' },
      handler: async ({ db, caller, body, target, input }) => {
        const result = await options.describe({ db, caller }, { ...input, id: options.entityId(target) });
        return result.ok ? { body: { description: body.description } } : result;
      },
    }),
    newVersion: kindRoute({
      method: 'POST',
      path: `${one}/versions`,
      operationId: `create${name}Version`,
      summary: options.newVersion.summary,
      tag,
      scope: write,
      target: entity,
      body: newVersionInput.pick({ version: true }).extend({ copyFrom: options.newVersion.copyFrom }),
      success: { status: 201, schema: versionSchema, description: 'The version made' },
      handler: async ({ db, caller, body, input, params, target, url }) => {
        const { newest } = options.newVersion;
        const from = body.copyFrom ?? (newest ? await newest(db, target) : null);
        const source = from ? await version(db, caller, { ...params, version: from }) : null;
        if (!source) return noSuchVersion();
        const result = await options.newVersion.command(
          { db, caller },
          { versionId: options.versionId(source), version: input.version },
        );
        if (!result.ok) return result;
        return {
          body: await versionBody(db, caller, { ...params, version: body.version }, url),
          headers: { Location: `${url.pathname}/${encodeURIComponent(body.version)}` },
        };
      },
    }),
    version: kindRoute({
      method: 'GET',
      path: versionPath,
      operationId: `get${name}Version`,
      summary: options.versionSummary,
      tag,
      scope: read,
      target: version,
      success: { status: 200, schema: versionSchema, description: names.theVersion },
      handler: async ({ db, caller, params, url }) => ({ body: await versionBody(db, caller, params, url) }),
    }),
    policies: policyRoutes({
      path: versionPath,
      kind,
      tag,
      read,
      write,
      target: (async (db: Db, caller: Caller, params: VersionParams<K>) => {
        const t = await version(db, caller, params);
        return t && { ...t, versionId: options.versionId(t) };
      }) as never,
    }),
  };
}

/** A row of an organization's APIs or plans. */
const provided = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  latestVersion: z.string().nullable(),
  status: z.string().nullable(),
  versionCount: z.number().int(),
});
