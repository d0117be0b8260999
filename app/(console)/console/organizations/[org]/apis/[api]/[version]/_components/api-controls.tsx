'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import {
  createApiVersionAction,
  offerPlanAction,
  publishApiVersionAction,
  retireApiVersionAction,
  updateApiDescriptionAction,
  updateApiSettingsAction,
  withdrawPlanAction,
} from '@/app/actions/apis';
import { NewVersionButton } from '@/app/(console)/console/_components/version-controls';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass, SelectField, TextAreaField, TextField } from '@/components/ui/field';
import { InlineDescription } from '@/components/ui/inline-description';
import { apiVersionNotReady } from '@/lib/apis/status';
import type { ApiVersionDetails } from '@/lib/queries/apis';

export function ApiDescription({ api, readOnly }: { api: ApiVersionDetails; readOnly: boolean }) {
  return (
    <InlineDescription
      value={api.description}
      readOnly={readOnly}
      onSave={(description) => updateApiDescriptionAction({ id: api.apiId, description })}
    />
  );
}

/** New Version, and the Status control: Publish when Ready, Retire (with its contract count) when Published. */
export function ApiStatusControls({ api, activeContracts }: { api: ApiVersionDetails; activeContracts: number }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const notReady = apiVersionNotReady(api);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <NewVersionButton
        from={api.version}
        create={(version) => createApiVersionAction({ versionId: api.id, version })}
      />
      {api.status === 'Created' || api.status === 'Ready' ? (
        <button
          type="button"
          className={buttonClass.primary}
          disabled={pending || notReady !== null}
          aria-describedby={notReady ? 'publish-not-ready' : undefined}
          onClick={() =>
            startTransition(async () => {
              const result = await publishApiVersionAction({ apiVersionId: api.id });
              if (result.ok) {
                setMessage(null);
                toast.success(`${api.name} ${api.version} published`);
              } else setMessage(result.message);
            })
          }
        >
          Publish
        </button>
      ) : null}
      {notReady ? (
        <p id="publish-not-ready" className="text-sm text-slate-600">
          {notReady}
        </p>
      ) : null}
      {api.status === 'Published' ? (
        <ConfirmDialog
          trigger={<button className={buttonClass.dangerQuiet}>Retire</button>}
          title={`Retire ${api.name} ${api.version}?`}
          confirmLabel="Retire"
          onConfirm={async () => {
            const result = await retireApiVersionAction({ apiVersionId: api.id });
            if (!result.ok) return result.message;
            toast.success(`${api.name} ${api.version} retired`);
          }}
        >
          <p>
            {activeContracts === 1 ? '1 active contract' : `${activeContracts} active contracts`} will stop working at
            once. Retiring an API cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {message ? (
        <p role="alert" className="text-sm text-red-700">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** Settings of a version that can still change: endpoint, public, featured, time-out, OpenAPI document, tags. */
export function ApiSettingsForm({ api, readOnly }: { api: ApiVersionDetails; readOnly: boolean }) {
  const [values, setValues] = useState({
    endpointUrl: api.endpointUrl ?? '',
    isPublic: api.isPublic,
    featured: api.featured,
    timeoutMs: String(api.timeoutMs),
    openApiDocument: api.openApiDocument ?? '',
    tags: api.tags.join(', '),
  });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();
  const set = (field: keyof typeof values, value: string | boolean) => setValues({ ...values, [field]: value });
  return (
    <form
      noValidate
      className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await updateApiSettingsAction({ apiVersionId: api.id, ...values });
          if (result.ok) {
            setErrors({});
            toast.success(`Settings saved — status ${result.data.status}`);
          } else {
            setErrors(result.fieldErrors ?? { form: [result.message] });
          }
        });
      }}
    >
      {readOnly ? (
        <p className="text-sm text-slate-600">
          These settings cannot change
          {api.status === 'Published' || api.status === 'Retired'
            ? ` in a ${api.status.toLowerCase()} version; create a new version instead`
            : ''}
          .
        </p>
      ) : null}
      {errors.form ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.form.join(' ')}
        </p>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-4">
        <TextField
          id="endpointUrl"
          label="Endpoint"
          type="url"
          placeholder="https://backend.example.com/v1"
          width="medium"
          value={values.endpointUrl}
          onChange={(e) => set('endpointUrl', e.target.value)}
          errors={errors.endpointUrl}
          hint="The backend the gateway forwards calls to."
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={values.isPublic} onChange={(e) => set('isPublic', e.target.checked)} />
          Public API
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={values.featured} onChange={(e) => set('featured', e.target.checked)} />
          Featured
        </label>
        <TextField
          id="timeoutMs"
          label="Timeout (ms)"
          type="number"
          value={values.timeoutMs}
          onChange={(e) => set('timeoutMs', e.target.value)}
          errors={errors.timeoutMs}
        />
        <TextField
          id="tags"
          label="Tags"
          width="medium"
          value={values.tags}
          onChange={(e) => set('tags', e.target.value)}
          errors={errors.tags}
          hint="Comma-separated; the portal search finds them."
        />
        <TextAreaField
          id="openApiDocument"
          label="OpenAPI document"
          rows={8}
          value={values.openApiDocument}
          onChange={(e) => set('openApiDocument', e.target.value)}
          errors={errors.openApiDocument}
          hint="OpenAPI 3.0 or 3.1, or Swagger 2.0, in JSON or YAML: paste it, or upload a file below. The portal renders it with the gateway as its server."
        />
        <input
          type="file"
          aria-label="Upload OpenAPI document"
          accept=".json,.yaml,.yml,application/json,text/yaml"
          className="block text-sm text-slate-600 file:mr-3 file:cursor-pointer file:rounded-md file:border file:border-slate-300 file:bg-white file:px-4 file:py-2 file:text-sm file:font-medium file:text-slate-700 file:shadow-sm hover:file:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) set('openApiDocument', await file.text());
          }}
        />
      </fieldset>
      {readOnly ? null : (
        <button type="submit" className={buttonClass.primary} disabled={pending}>
          Save
        </button>
      )}
    </form>
  );
}

/** Plans offered, and for Editors of a changeable version: Add Plan (a locked plan version) and Remove. */
export function ApiPlansPanel({ api, readOnly }: { api: ApiVersionDetails; readOnly: boolean }) {
  const offerable = api.lockedPlans.filter((p) => !api.offered.some((o) => o.name === p.name));
  const [planVersionId, setPlanVersionId] = useState(String(offerable[0]?.planVersionId ?? ''));
  const [requiresApproval, setRequiresApproval] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-4">
      {api.offered.length === 0 ? <p className="text-sm text-slate-600">No plans offered yet.</p> : null}
      <ul aria-label="Plans offered" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {api.offered.map((plan) => (
          <li key={plan.planVersionId} className="flex items-center gap-3 px-4 py-2">
            <span className="flex-1">
              {plan.name} {plan.version}
              {plan.requiresApproval ? <span className="ml-2 text-sm text-amber-700">requires approval</span> : null}
            </span>
            {readOnly ? null : (
              <button
                type="button"
                className={buttonClass.secondary}
                aria-label={`Remove plan ${plan.name}`}
                onClick={() =>
                  startTransition(async () => {
                    const result = await withdrawPlanAction({
                      apiVersionId: api.id,
                      planVersionId: plan.planVersionId,
                    });
                    if (result.ok) toast.success(`Plan ${plan.name} removed`);
                    else toast.error(result.message);
                  })
                }
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {readOnly ? null : (
        <form
          className="max-w-md space-y-3 rounded-lg border border-slate-200 bg-white p-4"
          onSubmit={(event) => {
            event.preventDefault();
            startTransition(async () => {
              const result = await offerPlanAction({ apiVersionId: api.id, planVersionId, requiresApproval });
              if (result.ok) {
                setErrors({});
                toast.success('Plan added');
              } else setErrors(result.fieldErrors ?? { planVersionId: [result.message] });
            });
          }}
        >
          <SelectField
            id="planVersionId"
            label="Plan"
            value={planVersionId}
            onChange={(e) => setPlanVersionId(e.target.value)}
            errors={errors.planVersionId}
            hint="Only locked plan versions of this organization can be offered."
          >
            {offerable.length === 0 ? <option value="">No locked plan to offer</option> : null}
            {offerable.map((p) => (
              <option key={p.planVersionId} value={p.planVersionId}>
                {p.name} {p.version}
              </option>
            ))}
          </SelectField>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={requiresApproval} onChange={(e) => setRequiresApproval(e.target.checked)} />
            Requires approval
          </label>
          <button type="submit" className={buttonClass.primary} disabled={pending || offerable.length === 0}>
            Add Plan
          </button>
        </form>
      )}
    </div>
  );
}
