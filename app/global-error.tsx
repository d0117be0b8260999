'use client';

import './globals.css';
import { ErrorPanel } from '@/components/ui/error-panel';

/**
 * When even an area's layout (the header and its counts) could not be shown: Portico's error page
 * on a page of its own, with Try again and the way to Portico's home.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <head>
        <title>This page could not be shown · Portico</title>
      </head>
      <body className="min-h-screen font-sans">
        <main id="main" className="flex min-h-screen flex-col items-center justify-center gap-6 px-4">
          <p className="text-lg font-semibold">Portico</p>
          <ErrorPanel error={error} retry={retry} home="/" homeLabel="Go to Portico’s home page" />
        </main>
      </body>
    </html>
  );
}
