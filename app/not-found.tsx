import type { Metadata } from 'next';
import { NotFoundPanel } from '@/components/ui/not-found-panel';

export const metadata: Metadata = { title: 'Page not found' };

/** Outside the two areas (and for addresses no page could have): Portico's look, a way home. */
export default function NotFound() {
  return (
    <main
      id="main"
      tabIndex={-1}
      className="flex min-h-screen flex-col items-center justify-center gap-6 px-4 focus:outline-none"
    >
      <p className="text-lg font-semibold">Portico</p>
      <NotFoundPanel home="/" homeLabel="Go to Portico’s home page" />
    </main>
  );
}
