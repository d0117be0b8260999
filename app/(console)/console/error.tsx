'use client';

import { ErrorPanel } from '@/components/ui/error-panel';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel error={error} reset={reset} home="/console" homeLabel="Back to API Management home" />;
}
