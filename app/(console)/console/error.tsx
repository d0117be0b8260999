'use client';

import { ErrorPanel } from '@/components/ui/error-panel';

/** A console page that failed to render: Portico's error page under the console's header and navigation. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} retry={retry} home="/console" homeLabel="Back to API Management home" />;
}
