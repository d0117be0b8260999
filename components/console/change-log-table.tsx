import type { ChangeLogRow } from '@/lib/queries/change-log';

const actionLabels: Record<ChangeLogRow['action'], string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  publish: 'Published',
  lock: 'Locked',
  register: 'Registered',
  unregister: 'Unregistered',
  retire: 'Retired',
  contract_created: 'Contract created',
  contract_broken: 'Contract broken',
  contract_approved: 'Contract approved',
  contract_rejected: 'Contract rejected',
  policy_added: 'Policy added',
  policy_removed: 'Policy removed',
  policy_updated: 'Policy changed',
  policies_reordered: 'Policies reordered',
  key_rotated: 'API key rotated',
  member_added: 'Member added',
  member_updated: 'Member roles changed',
  member_removed: 'Member removed',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

/** Who did what when, with the values before and after. */
export function ChangeLogTable({ rows }: { rows: ChangeLogRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No changes recorded yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Change Log</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              When
            </th>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              Who
            </th>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              What
            </th>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              Entity
            </th>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              Before
            </th>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              After
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="whitespace-nowrap px-4 py-2">
                <time dateTime={row.createdAt.toISOString()}>
                  {row.createdAt.toISOString().slice(0, 19).replace('T', ' ')} UTC
                </time>
              </td>
              <td className="px-4 py-2">{row.actorName}</td>
              <td className="px-4 py-2">{actionLabels[row.action]}</td>
              <td className="px-4 py-2">
                {row.entityName}
                {row.entityVersion ? ` ${row.entityVersion}` : ''}
              </td>
              <td className="max-w-xs break-words px-4 py-2 font-mono text-xs">{show(row.before)}</td>
              <td className="max-w-xs break-words px-4 py-2 font-mono text-xs">{show(row.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
