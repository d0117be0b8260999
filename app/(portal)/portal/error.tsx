'use client';

import { ErrorPanel } from '@/components/ui/error-panel';

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel error={error} reset={reset} home="/portal" homeLabel="Back to the Developer Portal home" />;
}
