import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { listPendingApprovals } from '@/lib/queries/approvals';
import { ListPagination } from '@/components/ui/list-controls';
import { firstValues, pageParams, type SearchParams } from '@/lib/queries/page';
import { ContractDecisions } from '../_components/contract-decisions';

export const metadata: Metadata = { title: 'Approvals' };

/** The inbox of every sign-up request the caller may decide. */
export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireConsoleCaller();
  const params = pageParams.parse(firstValues(await searchParams));
  const pending = await listPendingApprovals(getDb(), caller, params);
  return (
    <section aria-labelledby="approvals-heading" className="space-y-4">
      <h1 id="approvals-heading" className="text-2xl font-semibold">
        Approvals
      </h1>
      <p className="text-sm text-slate-600">
        Sign-up requests for plans that require approval, in the APIs of organizations where you are Editor.
      </p>
      <ContractDecisions
        canDecide
        empty="No requests are waiting for your decision."
        headers={['API', 'Plan', 'Client', 'Client organization', 'Requested by', 'Requested']}
        rows={pending.rows.map((p) => ({
          id: p.id,
          pending: true,
          label: `${p.clientName} ${p.clientVersion} for ${p.apiName} ${p.apiVersion}`,
          cells: [
            `${p.apiName} ${p.apiVersion}`,
            p.planName,
            `${p.clientName} ${p.clientVersion}`,
            p.clientOrgName,
            p.requestedBy ?? '—',
            p.createdAt.toISOString().slice(0, 16).replace('T', ' '),
          ],
        }))}
      />
      {pending.total > 0 ? <ListPagination path="/console/approvals" params={params} list={pending} /> : null}
    </section>
  );
}
