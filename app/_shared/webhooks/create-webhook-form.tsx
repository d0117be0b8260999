'use client';

import { useId, useRef, useState, useTransition } from 'react';
import { createWebhookAction } from '@/app/actions/webhooks';
import { buttonClass, TextField } from '@/components/ui/field';
import type { EventType } from '@/lib/events/types';
import { EventTypesField, eventTypesOf } from './event-types-field';
import { SecretShownOnce } from './secret-shown-once';

/** Adds a webhook to an organization; its signing secret is shown once, with a copy button. */
export function CreateWebhookForm({ orgId, types }: { orgId: number; types: readonly string[] }) {
  const prefix = useId();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (secret) return <SecretShownOnce title="Webhook added." secret={secret} onDone={() => setSecret(null)} />;

  return (
    <form
      ref={form}
      aria-label="Add webhook"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await createWebhookAction({
            orgId,
            url: String(data.get('url') ?? ''),
            description: String(data.get('description') ?? ''),
            eventTypes: eventTypesOf(data) as 'all' | EventType[],
          });
          if (result.ok) {
            setErrors({});
            setMessage(null);
            form.current?.reset();
            setSecret(result.data.secret);
            return;
          }
          setErrors(result.fieldErrors ?? {});
          setMessage(result.message);
        });
      }}
    >
      <h3 className="text-base font-semibold">Add webhook</h3>
      <TextField
        id={`${prefix}-url`}
        name="url"
        label="Endpoint URL"
        type="url"
        required
        placeholder="https://hooks.example.com/portico"
        hint="HTTPS, reachable on the public internet. Redirects are not followed."
        errors={errors.url}
      />
      <TextField id={`${prefix}-description`} name="description" label="Description" errors={errors.description} />
      <EventTypesField prefix={prefix} types={types} initial="all" errors={errors.eventTypes} />
      <p role="status" aria-live="polite" className="text-sm text-red-700">
        {message}
      </p>
      <button type="submit" disabled={pending} className={buttonClass.primary}>
        Add webhook
      </button>
    </form>
  );
}
