import type { ApiStatus, PlanStatus } from '@/lib/queries/provider-list';

type VersionStatus = ApiStatus | PlanStatus;

const tones: Record<VersionStatus, string> = {
  Created: 'bg-slate-100 text-slate-700 ring-slate-300',
  Ready: 'bg-sky-50 text-sky-800 ring-sky-300',
  Published: 'bg-green-50 text-green-800 ring-green-300',
  Locked: 'bg-green-50 text-green-800 ring-green-300',
  Retired: 'bg-zinc-100 text-zinc-600 ring-zinc-300',
};

/** An API or plan version's status as text, as SPEC §7 names it (the enum values are the labels). */
export function VersionStatusBadge({ status }: { status: VersionStatus | null }) {
  if (!status) return <span className="text-slate-500">No version</span>;
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}
    >
      {status}
    </span>
  );
}
