import type { ContractChangesView, PolicyChange } from '@/lib/clients/registration-changes';

function PolicyChangeItem({ change }: { change: PolicyChange }) {
  switch (change.kind) {
    case 'added':
      return (
        <li>
          Policy added: <strong>{change.label}</strong> at position {change.position} — {change.description}
        </li>
      );
    case 'removed':
      return (
        <li>
          Policy removed: <strong>{change.label}</strong> from position {change.position} — {change.description}
        </li>
      );
    case 'reordered':
      return (
        <li>
          Policy reordered: <strong>{change.label}</strong> moves from position {change.from} to {change.to}
        </li>
      );
    case 'reconfigured':
      return (
        <li>
          Policy reconfigured: <strong>{change.label}</strong>
          <ul className="list-disc pl-5">
            {change.settings.length ? (
              change.settings.map((s) => (
                <li key={s.label}>
                  {s.label}: <del className="text-slate-500">{s.before}</del> →{' '}
                  <ins className="no-underline">{s.after}</ins>
                </li>
              ))
            ) : (
              <li>Secret values changed</li>
            )}
          </ul>
        </li>
      );
  }
}

const contractWords = {
  added: 'Contract added: the gateway starts serving it',
  broken: 'Contract broken: the gateway stops serving it',
  changed: null,
} as const;

/**
 * What Re-register would change at the gateway, per API: the client page's panel and the
 * Re-register confirmation show the same list.
 */
export function RegistrationChangesList({ changes }: { changes: readonly ContractChangesView[] }) {
  if (changes.length === 0) {
    return <p>The gateway already serves this configuration: Re-register changes nothing there.</p>;
  }
  return (
    <ul className="space-y-3">
      {changes.map((c) => {
        const title = `${c.apiName} ${c.api.version}`;
        return (
          <li key={c.contractId} aria-label={`Changes for ${title}`}>
            <p className="font-medium">
              {title} <span className="font-normal text-slate-600">· plan {c.plan.name}</span>
            </p>
            {contractWords[c.kind] ? <p>{contractWords[c.kind]}</p> : null}
            {c.policies.length ? (
              <ul className="list-disc space-y-1 pl-5">
                {c.policies.map((p, i) => (
                  <PolicyChangeItem key={`${p.kind}-${p.label}-${i}`} change={p} />
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** The client page's panel (and the portal card's), shown while the version has Unpublished Changes. */
export function RegistrationChangesPanel({
  changes,
  id,
  level = 2,
}: {
  changes: readonly ContractChangesView[];
  /** Unique on the page: names the panel by its heading. */
  id: string;
  level?: 2 | 4;
}) {
  const Heading = level === 2 ? 'h2' : 'h4';
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm">
      <Heading id={id} className="font-medium">
        Changes since last registration
      </Heading>
      <p className="text-slate-700">
        The gateway serves the configuration registered last. Re-register makes these changes there:
      </p>
      <RegistrationChangesList changes={changes} />
    </section>
  );
}
