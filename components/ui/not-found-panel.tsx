import Link from 'next/link';

/** Portico's own "page not found": says so plainly and offers the way back to the area's home. */
export function NotFoundPanel({ home, homeLabel }: { home: string; homeLabel: string }) {
  return (
    <section
      aria-labelledby="not-found-title"
      className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8"
    >
      <p className="text-sm font-medium text-indigo-700">404</p>
      <h1 id="not-found-title" className="mt-1 text-2xl font-semibold">
        Page not found
      </h1>
      <p className="mt-3 text-slate-600">
        There is no page at this address, or you may not see it. The link may be old, or the thing it named was deleted.
      </p>
      <p className="mt-6">
        <Link href={home} className="text-indigo-700 hover:underline">
          {homeLabel}
        </Link>
      </p>
    </section>
  );
}
