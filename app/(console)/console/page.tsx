import { chartData } from '@/components/metrics/chart-data';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Activity, Boxes, History, Inbox } from 'lucide-react';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { displayStatuses, statusLabels } from '@/lib/clients/status';
import { listPendingApprovals } from '@/lib/queries/approvals';
import { countClientsByStatus, getTrafficOverview, listRecentChanges } from '@/lib/queries/console-home';
import { ChangeLogTable } from '@/components/console/change-log-table';
import { LazyRequestsChart } from '@/components/metrics/lazy-charts';
import { ChartFigure } from '@/components/metrics/metrics-tables';
import { ClientStatusBadge } from '@/components/ui/status-badge';
import { buttonClass } from '@/components/ui/field';
import { ContractDecisions } from './_components/contract-decisions';
import { EmptyState, HomeSection } from './_components/home-section';

export const metadata: Metadata = { title: 'Home' };

/** The signed-in person's overview: what waits for them, their clients, their traffic, what changed. */
export default async function ConsoleHome() {
  const caller = await requireConsoleCaller();
  const db = getDb();
  const [pending, clientCounts, traffic, changes] = await Promise.all([
    listPendingApprovals(db, caller, { page: 1, size: 10 }, { newest: true }),
    countClientsByStatus(db, caller),
    getTrafficOverview(db, caller),
    listRecentChanges(db, caller),
  ]);
  const clientTotal = [...clientCounts.values()].reduce((sum, n) => sum + n, 0);
  const errorRate = traffic.requests === 0 ? 0 : (traffic.failures / traffic.requests) * 100;
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Welcome, {caller.name}</h1>

      <HomeSection id="home-approvals" title="Latest requests awaiting your decision" Icon={Inbox}>
        {pending.total === 0 ? (
          <EmptyState Icon={Inbox}>No requests are waiting for your decision.</EmptyState>
        ) : (
          <>
            <ContractDecisions
              canDecide
              empty="No requests are waiting for your decision."
              headers={['API', 'Plan', 'Client', 'Requested by']}
              rows={pending.rows.map((p) => ({
                id: p.id,
                pending: true,
                label: `${p.clientName} ${p.clientVersion} for ${p.apiName} ${p.apiVersion}`,
                cells: [
                  `${p.apiName} ${p.apiVersion}`,
                  p.planName,
                  `${p.clientName} ${p.clientVersion} (${p.clientOrgName})`,
                  p.requestedBy ?? '—',
                ],
              }))}
            />
            <Link href="/console/approvals" className={`${buttonClass.link} mt-3 inline-block text-sm`}>
              All {pending.total}
              {pending.capped ? '+' : ''} requests in Approvals
            </Link>
          </>
        )}
      </HomeSection>

      <div className="grid gap-8 lg:grid-cols-[1fr_2fr]">
        <HomeSection id="home-clients" title="Clients by status" Icon={Boxes}>
          {clientTotal === 0 ? (
            <EmptyState Icon={Boxes}>Your organizations have no clients yet.</EmptyState>
          ) : (
            <ul
              aria-labelledby="home-clients"
              className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
            >
              {displayStatuses.map((status) => (
                <li key={status}>
                  <Link
                    href={`/console/clients?status=${status}`}
                    aria-label={`${statusLabels[status]}: ${clientCounts.get(status) ?? 0}`}
                    className="flex items-center justify-between px-4 py-2 text-sm hover:bg-slate-50"
                  >
                    <ClientStatusBadge status={status} />
                    <span className="font-medium tabular-nums">{clientCounts.get(status) ?? 0}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </HomeSection>

        <HomeSection id="home-traffic" title="Gateway traffic, last 24 hours" Icon={Activity}>
          <ChartFigure
            id="home-requests"
            title={`${traffic.requests.toLocaleString('en-US')} requests · error rate ${errorRate.toFixed(1)} %`}
            summary={
              traffic.requests === 0
                ? 'No calls to your organizations’ APIs in the last 24 hours.'
                : `${traffic.failures.toLocaleString('en-US')} of ${traffic.requests.toLocaleString('en-US')} calls to your organizations’ APIs failed (policy failures and errors).`
            }
          >
            <LazyRequestsChart
              data={chartData({ stepMs: traffic.stepMs, series: traffic.series, latency: [] })}
              stepMs={traffic.stepMs}
            />
          </ChartFigure>
        </HomeSection>
      </div>

      <HomeSection id="home-changes" title="Latest changes" Icon={History}>
        {changes.length === 0 ? (
          <EmptyState Icon={History}>No changes recorded yet.</EmptyState>
        ) : (
          <ChangeLogTable rows={changes} />
        )}
      </HomeSection>
    </div>
  );
}
