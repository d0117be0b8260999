'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';

/**
 * Portico's own page for an unexpected failure inside an area: one calm sentence, Try again,
 * and the way back home. The cause is logged on the server; the digest lets support find it.
 */
export function ErrorPanel({
  error,
  reset,
  home,
  homeLabel,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  home: string;
  homeLabel: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8">
      <h1 id="error-title" ref={heading} tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
        Something went wrong
      </h1>
      <p className="mt-3 text-slate-600">
        This page could not be shown; nothing was changed. Please try again.
        {error.digest ? <span className="block text-xs text-slate-500">Reference: {error.digest}</span> : null}
      </p>
      <div className="mt-6 flex items-center gap-4">
        <button
          type="button"
          onClick={reset}
          className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          Try again
        </button>
        <Link href={home} className="text-indigo-700 hover:underline">
          {homeLabel}
        </Link>
      </div>
    </section>
  );
}
