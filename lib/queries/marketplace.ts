import { and, asc, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { pageNumber, searchText } from '@/lib/commands/input';
import type { Db } from '@/db';
import { apis, apiVersions, organizations } from '@/db/schema';
import { afterCursor, likePattern, matchingRows, type Page, type PageRequest, paged } from './page';
import { qualified } from './sql';

export const marketplaceParams = z.object({
  q: searchText(),
  /** One tag chip: only APIs carrying exactly this tag. */
  tag: searchText(100),
  page: pageNumber(10_000),
});
export type MarketplaceParams = z.infer<typeof marketplaceParams>;

export interface MarketplaceApi {
  orgSlug: string;
  orgName: string;
  slug: string;
  name: string;
  description: string;
  tags: string[];
  /** Published versions, newest first. */
  versions: string[];
  isPublic: boolean;
  featured: boolean;
}

const pageSize = 12;

/**
 * APIs with at least one published version. Every signed-in person may browse them: a private API
 * is listed too, it only needs a contract to be called.
 */
export async function listMarketplaceApis(
  db: Db,
  params: Omit<MarketplaceParams, 'tag'> & {
    tag?: string;
    featuredOnly?: boolean;
    /** The home page's "recently updated": newest publication first. */
    order?: 'name' | 'recent';
    size?: number;
    /** By cursor (the REST API): in creation order, from the cursor's API on. */
    cursor?: PageRequest['cursor'];
  },
): Promise<Page<MarketplaceApi>> {
  const size = params.size ?? pageSize;
  const pattern = likePattern(params.q);
  const where = and(
    sql`exists (select 1 from ${apiVersions} where ${apiVersions.apiId} = ${qualified(apis.id)} and ${apiVersions.status} = 'Published'
      ${params.featuredOnly ? sql`and ${apiVersions.featured}` : sql``})`,
    // Each arm has its trigram index (drizzle/0007_list_search_indexes.sql); the tags are searched
    // as one newline-separated text, which a search (never holding a newline) matches within a tag.
    params.q
      ? or(
          ilike(apis.name, pattern),
          ilike(apis.description, pattern),
          sql`portico_tags_text(${apis.tags}) ilike ${pattern}`,
        )
      : undefined,
    params.tag ? sql`${params.tag} = any(${apis.tags})` : undefined,
    afterCursor({ page: 1, size, cursor: params.cursor }, { keys: [{ column: apis.id }], direction: 'asc' }),
  );
  const newest = sql`(select max(${apiVersions.publishedAt}) from ${apiVersions} where ${apiVersions.apiId} = ${qualified(apis.id)} and ${apiVersions.status} = 'Published')`;
  const { rows, ...counted } = await paged(
    db,
    { page: params.page, size, cursor: params.cursor },
    {
      rows: db
        .select({
          id: apis.id,
          orgSlug: organizations.slug,
          orgName: organizations.name,
          slug: apis.slug,
          name: apis.name,
          description: apis.description,
          tags: apis.tags,
        })
        .from(apis)
        .innerJoin(organizations, eq(organizations.id, apis.orgId))
        .where(where)
        .orderBy(
          ...(params.cursor
            ? [asc(apis.id)]
            : params.order === 'recent'
              ? [sql`${newest} desc nulls last`, desc(apis.id)]
              : [asc(apis.name), asc(apis.id)]),
        )
        .$dynamic(),
      matching: matchingRows(db, apis).where(where),
      cursorOf: (row) => [row.id],
    },
  );

  const versions = rows.length
    ? await db
        .select({
          apiId: apiVersions.apiId,
          version: apiVersions.version,
          isPublic: apiVersions.isPublic,
          featured: apiVersions.featured,
        })
        .from(apiVersions)
        .where(
          and(
            eq(apiVersions.status, 'Published'),
            inArray(
              apiVersions.apiId,
              rows.map((r) => r.id),
            ),
          ),
        )
        .orderBy(desc(apiVersions.publishedAt), desc(apiVersions.id))
    : [];

  return {
    rows: rows.map(({ id, ...row }) => {
      const own = versions.filter((v) => v.apiId === id);
      return {
        ...row,
        versions: own.map((v) => v.version),
        isPublic: own[0]?.isPublic ?? false,
        featured: own.some((v) => v.featured),
      };
    }),
    ...counted,
  };
}

/** The tags of listed APIs, most used first, for the marketplace's filter chips. */
export async function listMarketplaceTags(db: Db, limit = 20): Promise<string[]> {
  const tagged = db
    .select({ tag: sql<string>`unnest(${apis.tags})`.as('tag') })
    .from(apis)
    .where(
      sql`exists (select 1 from ${apiVersions} where ${apiVersions.apiId} = ${qualified(apis.id)} and ${apiVersions.status} = 'Published')`,
    )
    .as('tagged');
  const rows = await db
    .select({ tag: tagged.tag })
    .from(tagged)
    .groupBy(tagged.tag)
    .orderBy(desc(count()), asc(tagged.tag))
    .limit(limit);
  return rows.map((r) => r.tag);
}
