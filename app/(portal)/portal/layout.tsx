import { requireCaller } from '@/lib/auth/session';

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  return (
    <div>
      <p>Portal — {caller.name}</p>
      {children}
    </div>
  );
}
