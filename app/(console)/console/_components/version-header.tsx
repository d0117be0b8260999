import Link from 'next/link';
import { VersionSelect } from './version-controls';

/**
 * The header of an API, plan or client version page: its organization, name, version dropdown and
 * status on one line, then what may be done to it (description, actions).
 */
export function VersionHeader({
  kind,
  headingId,
  org,
  name,
  version,
  versions,
  baseHref,
  status,
  extra,
  children,
}: {
  kind: 'API' | 'Plan' | 'Client';
  headingId: string;
  org: { slug: string; name: string };
  name: string;
  version: string;
  versions: { version: string; status: string }[];
  baseHref: string;
  /** Named "Status" for assistive technology and the tests. */
  status: React.ReactNode;
  /** Further marks after the status: public or private, pending approvals, the Status menu. */
  extra?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <header className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
      <p className="text-sm text-slate-500">
        <Link href={`/console/organizations/${org.slug}`} className="hover:underline">
          {org.name}
        </Link>{' '}
        / {kind}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 id={headingId} className="text-2xl font-semibold">
          {name}
        </h1>
        <VersionSelect current={version} versions={versions} baseHref={baseHref} />
        <span aria-label="Status">{status}</span>
        {extra}
      </div>
      {children}
    </header>
  );
}

/** The status of an API or plan version, as text in a pill. */
export function VersionStatusPill({ status }: { status: string }) {
  return <span className="rounded-full bg-slate-100 px-2 py-0.5 text-sm font-medium">{status}</span>;
}
