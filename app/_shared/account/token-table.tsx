import type { TokenRow } from '@/lib/tokens/queries';
import { RevokeTokenButton } from './revoke-token-button';

const when = (date: Date) => date.toISOString().slice(0, 10);

/** Tokens with what they may do and where they were last used from; live ones can be revoked. */
export function TokenTable({ tokens, caption }: { tokens: TokenRow[]; caption: string }) {
  if (tokens.length === 0) return <p className="text-sm text-slate-600">No tokens yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            {['Name', 'Scopes', 'Organizations', 'Created', 'Expires', 'Last used'].map((heading) => (
              <th key={heading} scope="col" className="px-4 py-2 font-medium">
                {heading}
              </th>
            ))}
            <th scope="col" className="px-4 py-2 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((token) => {
            const state = token.revokedAt ? `Revoked ${when(token.revokedAt)}` : token.live ? null : 'Expired';
            return (
              <tr key={token.id} className={state ? 'text-slate-500' : undefined}>
                <td className="px-4 py-2 font-medium">
                  {token.name}
                  <span className="block font-mono text-xs font-normal text-slate-500">ptc_{token.id}_…</span>
                  {state ? <span className="block text-xs font-normal">{state}</span> : null}
                </td>
                <td className="px-4 py-2">
                  <ul className="flex flex-wrap gap-1">
                    {token.scopes.map((scope) => (
                      <li key={scope} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                        {scope}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="px-4 py-2">
                  {token.organizations ? token.organizations.map((org) => org.name).join(', ') : 'All'}
                </td>
                <td className="px-4 py-2 whitespace-nowrap">{when(token.createdAt)}</td>
                <td className="px-4 py-2 whitespace-nowrap">{when(token.expiresAt)}</td>
                <td className="px-4 py-2">
                  {token.lastUsedAt ? `${token.lastUsedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'Never'}
                  {token.lastUsedFrom ? (
                    <span className="block text-xs text-slate-500">from {token.lastUsedFrom}</span>
                  ) : null}
                </td>
                <td className="px-4 py-2 text-right">
                  {token.live ? <RevokeTokenButton tokenId={token.id} name={token.name} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
