import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function PortalNotFound() {
  return <NotFoundPanel home="/portal" homeLabel="Back to the Developer Portal home" />;
}
