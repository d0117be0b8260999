import Link from 'next/link';

export interface TabLink {
  id: string;
  label: string;
  href: string;
}

/** Tabs that are links: each tab has its own URL, so a tab can be linked to and reloaded. */
export function LinkTabs({
  tabs,
  current,
  label,
  children,
}: {
  tabs: TabLink[];
  current: string;
  label: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex flex-wrap gap-1 border-b border-slate-200">
        {tabs.map((tab) => {
          const selected = tab.id === current;
          return (
            <Link
              key={tab.id}
              id={`tab-${tab.id}`}
              role="tab"
              href={tab.href}
              aria-selected={selected}
              aria-controls={selected ? `panel-${tab.id}` : undefined}
              scroll={false}
              className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${selected ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            >
              {tab.label}
            </Link>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} className="pt-6">
        {children}
      </div>
    </div>
  );
}
