import type { LucideIcon } from 'lucide-react';

/** One block of the console home, named by its heading. */
export function HomeSection({
  id,
  title,
  Icon,
  children,
}: {
  id: string;
  title: string;
  Icon: LucideIcon;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="min-w-0">
      <h2 id={id} className="mb-3 flex items-center gap-2 text-lg font-semibold">
        <Icon aria-hidden className="size-5 text-indigo-600" />
        {title}
      </h2>
      {children}
    </section>
  );
}

/** What a block shows when it has nothing: an icon and one calm sentence. */
export function EmptyState({ Icon, children }: { Icon: LucideIcon; children: React.ReactNode }) {
  return (
    <p className="flex items-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
      <Icon aria-hidden className="size-6 shrink-0 text-slate-400" />
      {children}
    </p>
  );
}
