import type { ChangeLogRow } from '@/lib/queries/change-log';
import { describeChange, entryJson } from './change-log-format';

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
  token_created: 'Access token created',
  token_revoked: 'Access token revoked',
  secret_rotated: 'Webhook secret rotated',
  redelivered: 'Webhook delivery sent again',
  test_sent: 'Webhook test event sent',
  break_glass_sign_in: 'Break-glass password sign-in',
};

/** Who did what when, field by field; the recorded values (secrets masked) behind a disclosure. */
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
              Changes
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
              <td className="max-w-xl break-words px-4 py-2">
                <ChangeDetails row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeDetails({ row }: { row: ChangeLogRow }) {
  const json = entryJson(row);
  return (
    <>
      <ul className="space-y-0.5">
        {describeChange(row).map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      {json ? (
        <details className="mt-1 text-xs text-slate-600">
          <summary className="cursor-pointer select-none">Recorded values</summary>
          <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 font-mono">
            {json}
          </pre>
        </details>
      ) : null}
    </>
  );
}
