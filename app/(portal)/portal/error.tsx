'use client';

import { ErrorPanel } from '@/components/ui/error-panel';

/** A portal page that failed to render: Portico's error page under the portal's header and navigation. */
export default function PortalError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} retry={retry} home="/portal" homeLabel="Back to the Developer Portal home" />;
}
