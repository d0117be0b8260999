import Link from 'next/link';
import { pagerOf, pageSizes, type Page } from '@/lib/queries/page';
import { PageSizeSelect } from './page-size-select';

type Params = Record<string, string | number | undefined>;

/** A URL for the same list with some parameters changed; empty values are left out. */
export function listHref(path: string, params: Params, changes: Params): string {
  const merged = { ...params, ...changes };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * Filter box held in the URL: a plain GET form, so it works before any script has loaded. The
 * other list parameters ride along as hidden fields, except those the form's own inputs send
 * (`ownFields`, e.g. a status select passed as children) and the page, which starts again at 1.
 */
export function ListFilter({
  path,
  params,
  label,
  ownFields = [],
  children,
}: {
  path: string;
  params: Params;
  label: string;
  ownFields?: string[];
  children?: React.ReactNode;
}) {
  const sentByForm = new Set(['q', 'page', ...ownFields]);
  const kept = Object.entries(params).filter(
    ([key, value]) => !sentByForm.has(key) && value !== undefined && value !== '',
  );
  return (
    <form action={path} method="get" role="search" className="flex flex-wrap items-end gap-3">
      {kept.map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={String(value)} />
      ))}
      <div>
        <label htmlFor="list-filter" className="block text-xs font-medium text-slate-600">
          {label}
        </label>
        <input
          id="list-filter"
          name="q"
          type="search"
          defaultValue={String(params.q ?? '')}
          className="mt-1 w-64 rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
        />
      </div>
      {children}
      <button
        type="submit"
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100"
      >
        Apply
      </button>
    </form>
  );
}

/** "1–25 of 312" ("of 100+" when the count stopped), Items per page, previous and next page. */
export function ListPagination({
  path,
  params,
  list,
}: {
  path: string;
  params: Params;
  /** The list page's counts, as the list queries answer them. */
  list: Omit<Page<unknown>, 'rows'>;
}) {
  const pager = pagerOf(list);
  const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100';
  return (
    <nav
      aria-label="Pagination"
      className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600"
    >
      <PageSizeSelect
        sizes={pageSizes}
        value={list.size}
        hrefs={Object.fromEntries(pageSizes.map((s) => [s, listHref(path, params, { size: s, page: 1 })]))}
      />
      <p aria-live="polite">
        {pager.first}–{pager.last} of {pager.total}
      </p>
      <div className="flex items-center gap-2">
        {pager.previous ? (
          <Link
            className={linkClass}
            href={listHref(path, params, { page: pager.previous })}
            aria-label="Previous page"
          >
            ‹ Previous
          </Link>
        ) : null}
        <span>
          Page {pager.page} of {pager.pages}
        </span>
        {pager.next ? (
          <Link className={linkClass} href={listHref(path, params, { page: pager.next })} aria-label="Next page">
            Next ›
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

/** A column header that sorts the list by this column, toggling the direction. */
export function SortHeader({
  path,
  params,
  column,
  children,
}: {
  path: string;
  params: Params;
  column: string;
  children: React.ReactNode;
}) {
  const active = params.sort === column;
  const nextDir = active && params.dir !== 'desc' ? 'desc' : 'asc';
  return (
    <th
      scope="col"
      aria-sort={active ? (params.dir === 'desc' ? 'descending' : 'ascending') : undefined}
      className="px-4 py-2 text-left font-medium"
    >
      <Link href={listHref(path, params, { sort: column, dir: nextDir, page: 1 })} className="hover:underline">
        {children}
        {active ? (params.dir === 'desc' ? ' ↓' : ' ↑') : ''}
      </Link>
    </th>
  );
}
