import { NotFoundPanel } from '@/components/ui/not-found-panel';

export default function ConsoleNotFound() {
  return <NotFoundPanel home="/console" homeLabel="Back to API Management home" />;
}
