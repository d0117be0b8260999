'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useState, useTransition } from 'react';
import { toast } from 'sonner';
import {
  deleteWebhookAction,
  redeliverWebhookAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  updateWebhookAction,
} from '@/app/actions/webhooks';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass, TextField } from '@/components/ui/field';
import type { EventType } from '@/lib/events/types';
import { EventTypesField, eventTypesOf } from './event-types-field';
import { SecretShownOnce } from './secret-shown-once';

interface Endpoint {
  id: number;
  url: string;
  description: string;
  eventTypes: string[] | null;
  enabled: boolean;
}

/** Send test event, Rotate secret, Turn on/off and Delete of one webhook. */
export function WebhookActions({ endpoint, listHref }: { endpoint: Endpoint; listHref: string }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (work: () => Promise<{ ok: boolean; message?: string }>, done: string) =>
    startTransition(async () => {
      const result = await work();
      if (result.ok) toast.success(done);
      else toast.error(result.message ?? 'Something went wrong.');
    });

  return (
    <div className="space-y-3">
      {secret ? <SecretShownOnce title="Secret rotated." secret={secret} onDone={() => setSecret(null)} /> : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass.primary}
          disabled={pending || !endpoint.enabled}
          onClick={() => run(() => sendTestWebhookAction({ endpointId: endpoint.id }), 'Test event queued')}
        >
          Send test event
        </button>
        <ConfirmDialog
          danger={false}
          trigger={
            <button type="button" className={buttonClass.secondary}>
              Rotate secret
            </button>
          }
          title="Rotate the signing secret?"
          confirmLabel="Rotate secret"
          onConfirm={async () => {
            const result = await rotateWebhookSecretAction({ endpointId: endpoint.id, overlapHours: 24 });
            if (!result.ok) return result.message;
            setSecret(result.data.secret);
          }}
        >
          <p>
            A new secret signs every delivery from now on. For 24 hours the current secret signs too (both signatures
            are sent), so the receiver can switch without missing one.
          </p>
        </ConfirmDialog>
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={pending}
          onClick={() =>
            run(
              () => updateWebhookAction({ endpointId: endpoint.id, enabled: !endpoint.enabled }),
              endpoint.enabled ? 'Webhook turned off' : 'Webhook turned on',
            )
          }
        >
          {endpoint.enabled ? 'Turn off' : 'Turn on'}
        </button>
        <ConfirmDialog
          trigger={
            <button type="button" className={buttonClass.dangerQuiet}>
              Delete webhook
            </button>
          }
          title={`Delete the webhook to ${endpoint.url}?`}
          confirmLabel="Delete webhook"
          onConfirm={async () => {
            const result = await deleteWebhookAction({ endpointId: endpoint.id });
            if (!result.ok) return result.message;
            toast.success('Webhook deleted');
            router.push(listHref);
          }}
        >
          <p>No more events are sent to it, and its delivery log is deleted. This cannot be undone.</p>
        </ConfirmDialog>
      </div>
    </div>
  );
}

/** Changes the URL, description and events of a webhook. */
export function EditWebhookForm({ endpoint, types }: { endpoint: Endpoint; types: readonly string[] }) {
  const prefix = useId();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      aria-label="Edit webhook"
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await updateWebhookAction({
            endpointId: endpoint.id,
            url: String(data.get('url') ?? ''),
            description: String(data.get('description') ?? ''),
            eventTypes: eventTypesOf(data) as 'all' | EventType[],
          });
          if (result.ok) {
            toast.success('Webhook saved');
            setErrors({});
            setMessage(null);
            return;
          }
          setErrors(result.fieldErrors ?? {});
          setMessage(result.message);
        });
      }}
    >
      <TextField
        id={`${prefix}-url`}
        name="url"
        label="Endpoint URL"
        type="url"
        required
        defaultValue={endpoint.url}
        errors={errors.url}
      />
      <TextField
        id={`${prefix}-description`}
        name="description"
        label="Description"
        defaultValue={endpoint.description}
        errors={errors.description}
      />
      <EventTypesField
        prefix={prefix}
        types={types}
        initial={endpoint.eventTypes ?? 'all'}
        errors={errors.eventTypes}
      />
      <p role="status" aria-live="polite" className="text-sm text-red-700">
        {message}
      </p>
      <button type="submit" disabled={pending} className={buttonClass.primary}>
        Save webhook
      </button>
    </form>
  );
}

export function RedeliverButton({ deliveryId, eventType }: { deliveryId: number; eventType: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      aria-label={`Redeliver ${eventType}`}
      className={buttonClass.link}
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await redeliverWebhookAction({ deliveryId });
          if (result.ok) toast.success('Delivery queued again');
          else toast.error(result.message);
        })
      }
    >
      Redeliver
    </button>
  );
}

/** While a delivery is pending, the page reads the log again every 2 seconds. */
export function RefreshWhilePending({ pending }: { pending: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [pending, router]);
  return null;
}
