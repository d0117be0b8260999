'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { buttonClass } from './field';

/**
 * Portico's own page for a page that could not be shown, in the look of the 404 panel: one calm
 * sentence, Try again (asks the server for the page afresh) and the way back to the area's home.
 * The cause is in the server's log; the reference (Next's digest of the error) finds it there.
 */
export function ErrorPanel({
  error,
  retry,
  home,
  homeLabel,
}: {
  error: unknown;
  retry: () => void;
  home: string;
  homeLabel: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The page changed under the reader: focus starts at the news, as a new page's would.
  useEffect(() => heading.current?.focus(), []);
  const digest = typeof error === 'object' && error && 'digest' in error ? String(error.digest) : null;
  return (
    <section aria-labelledby="error-title" className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8">
      <p className="text-sm font-medium text-indigo-700">Error</p>
      <h1 id="error-title" ref={heading} tabIndex={-1} className="mt-1 text-2xl font-semibold focus:outline-none">
        This page could not be shown
      </h1>
      <p className="mt-3 text-slate-600">Something went wrong on our side. Try again, or go back home.</p>
      {digest ? <p className="mt-2 text-xs text-slate-500">Reference: {digest}</p> : null}
      <div className="mt-6 flex flex-wrap items-center gap-4">
        <button type="button" onClick={retry} className={buttonClass.primary}>
          Try again
        </button>
        <Link href={home} className={buttonClass.link}>
          {homeLabel}
        </Link>
      </div>
    </section>
  );
}
