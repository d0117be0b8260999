/** A webhook's state as a badge: On, Failing (since when), or Off. */
export function WebhookStateBadge({ enabled, failingSince }: { enabled: boolean; failingSince: Date | null }) {
  const [label, tone] = !enabled
    ? ['Off', 'bg-zinc-100 text-zinc-600 ring-zinc-300']
    : failingSince
      ? ['Failing', 'bg-amber-50 text-amber-800 ring-amber-300']
      : ['On', 'bg-green-50 text-green-800 ring-green-300'];
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>
      {label}
    </span>
  );
}

const deliveryTones = {
  pending: 'bg-sky-50 text-sky-800 ring-sky-300',
  delivered: 'bg-green-50 text-green-800 ring-green-300',
  failed: 'bg-red-50 text-red-800 ring-red-300',
} as const;

const deliveryLabels = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' } as const;

export function DeliveryStatusBadge({ status }: { status: keyof typeof deliveryTones }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${deliveryTones[status]}`}
    >
      {deliveryLabels[status]}
    </span>
  );
}

/** A time as the change log writes it: `2026-12-07 23:14:05 UTC`. */
export function Time({ at }: { at: Date | null }) {
  if (!at) return <span className="text-slate-400">—</span>;
  return <time dateTime={at.toISOString()}>{at.toISOString().slice(0, 19).replace('T', ' ')} UTC</time>;
}
