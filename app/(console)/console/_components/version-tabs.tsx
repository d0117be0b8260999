import { getDb } from '@/db';
import { PolicyEditor } from '@/app/(console)/console/_components/policy-editor';
import { ChangeLogPanel } from '@/components/console/change-log-panel';
import { MetricsTab } from '@/components/metrics/metrics-tab';
import type { Caller } from '@/lib/auth/permissions';
import { metricsRangeSchema } from '@/lib/metrics/ranges';
import type { ContractsOf } from '@/lib/queries/change-log';
import type { PolicyView } from '@/lib/policies/owner';
import { listPolicies } from '@/lib/queries/policies';

/**
 * The panel of one of the shared tabs (Policies, Metrics, Change Log) of a version page, or nothing
 * when `tab` is one of the page's own. The policies are read here unless the page read them already.
 */
export async function SharedVersionTab({
  tab,
  caller,
  kind,
  entityId,
  version,
  here,
  readOnly,
  frozenReason,
  search,
  policies,
  contractsOf,
}: {
  tab: string;
  caller: Caller;
  kind: 'api' | 'plan' | 'client';
  /** The API, plan or client the version belongs to (its change log holds both). */
  entityId: number;
  version: { id: number; orgId: number };
  /** The version page's own address, which the tabs' links and the pagers extend. */
  here: string;
  readOnly: boolean;
  frozenReason: string | null;
  search: { page?: string; size?: string; range?: string };
  policies?: PolicyView[];
  /** A client version's change log lists its contracts' entries too. */
  contractsOf?: ContractsOf;
}) {
  const owner = { kind, versionId: version.id };
  if (tab === 'policies')
    return (
      <PolicyEditor
        owner={owner}
        policies={policies ?? (await listPolicies(getDb(), caller, owner))}
        readOnly={readOnly || frozenReason !== null}
        frozenReason={frozenReason ?? undefined}
      />
    );
  if (tab === 'metrics')
    return (
      <MetricsTab
        caller={caller}
        subject={owner}
        range={metricsRangeSchema.parse(search.range)}
        rangeHref={(r) => `${here}?tab=metrics&range=${r}`}
      />
    );
  if (tab === 'changelog')
    return (
      <ChangeLogPanel
        caller={caller}
        scope={{
          orgId: version.orgId,
          entities: [
            { type: kind, ids: [entityId] },
            { type: `${kind}_version`, ids: [version.id] },
          ],
          contractsOf,
        }}
        search={{ page: search.page, size: search.size }}
        path={here}
        tab="changelog"
        defaultSize={50}
      />
    );
  return null;
}
