import { statusLabels, type ClientDisplayStatus } from '@/lib/clients/status';

const tones: Record<ClientDisplayStatus, string> = {
  Created: 'bg-slate-100 text-slate-700 ring-slate-300',
  AwaitingApproval: 'bg-amber-50 text-amber-800 ring-amber-300',
  Ready: 'bg-sky-50 text-sky-800 ring-sky-300',
  Registered: 'bg-green-50 text-green-800 ring-green-300',
  UnpublishedChanges: 'bg-orange-50 text-orange-800 ring-orange-300',
  Retired: 'bg-zinc-100 text-zinc-600 ring-zinc-300',
};

/** The client version's status as text, as SPEC §7 names it. */
export function ClientStatusBadge({ status }: { status: ClientDisplayStatus }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}
    >
      {statusLabels[status]}
    </span>
  );
}
