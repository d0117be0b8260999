import { requireConsoleCaller } from '@/lib/auth/session';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireConsoleCaller();
  return (
    <div>
      <p>Console — {caller.name}</p>
      {children}
    </div>
  );
}
