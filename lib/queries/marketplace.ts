import { and, asc, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { pageNumber, searchText } from '@/lib/input';
import type { Db } from '@/db';
import { apis, apiVersions, organizations } from '@/db/schema';
import { likePattern, offsetOf, type Page } from '@/lib/pagination';
import { qualified } from './sql';

export const marketplaceParams = z.object({
  q: searchText(),
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
  params: MarketplaceParams & { featuredOnly?: boolean },
): Promise<Page<MarketplaceApi>> {
  const pattern = likePattern(params.q);
  const where = and(
    sql`exists (select 1 from ${apiVersions} where ${apiVersions.apiId} = ${qualified(apis.id)} and ${apiVersions.status} = 'Published'
      ${params.featuredOnly ? sql`and ${apiVersions.featured}` : sql``})`,
    params.q
      ? or(
          ilike(apis.name, pattern),
          ilike(apis.description, pattern),
          sql`exists (select 1 from unnest(${apis.tags}) tag where tag ilike ${pattern})`,
        )
      : undefined,
  );
  const [totalRow] = await db.select({ n: count() }).from(apis).where(where);
  const rows = await db
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
    .orderBy(asc(apis.name), asc(apis.id))
    .limit(pageSize)
    .offset(offsetOf(params.page, pageSize));

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
    total: totalRow?.n ?? 0,
    page: params.page,
    size: pageSize,
  };
}
