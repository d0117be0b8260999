'use client';

import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { tryOperationAction } from '@/app/actions/gateway';
import { buttonClass, SelectField, TextAreaField, TextField } from '@/components/ui/field';
import type { TryOperationResult } from '@/lib/gateway-bridge/test-request';
import type { TryItClient } from '@/lib/queries/try-it-clients';
import { accessTokenFieldId, useAccessToken } from './access-token';
import { sendWithToken } from './token-request';
import type { TriedOperation } from './tried-operation';

/** How Try it sends: through the gateway with a client's key (an API's page), or with the reader's token. */
export type TryItVia =
  | { kind: 'gateway'; apiVersionId: number; isPublic: boolean; clients: TryItClient[] }
  /** Portico's management API, called by the browser at `server` with the token pasted on the page. */
  | { kind: 'token'; server: string };

/**
 * Try it: the reader fills the operation's parameters (and body) and sends it. On an API's page they
 * pick one of their clients with a contract, and the server sends it through the gateway with that
 * client's key — the key never reaches the browser. On the REST API page the browser sends it with
 * the access token the reader pasted (app/_shared/access-token.tsx), headers included. Either way it
 * shows the status, headers and body of the answer.
 */
export function TryIt({ operation, via }: { operation: TriedOperation; via: TryItVia }) {
  const id = useId();
  const token = useAccessToken();
  const places = via.kind === 'token' ? ['path', 'query', 'header'] : ['path', 'query'];
  const sent = operation.parameters.filter((p) => places.includes(p.in));
  const [values, setValues] = useState<Record<string, string>>({});
  const [clientVersionId, setClientVersionId] = useState(
    String((via.kind === 'gateway' && via.clients[0]?.clientVersionId) || ''),
  );
  const [body, setBody] = useState(operation.body?.example ?? '');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<TryOperationResult | null>(null);
  const [pending, startTransition] = useTransition();
  const blocked = via.kind === 'gateway' && !via.isPublic && via.clients.length === 0;
  // The form is made when the reader opens Try it, not before: a page lists dozens of operations
  // (Portico's own REST API about 70), and their closed forms were most of its markup and hydration.
  const details = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  // Opened before the scripts arrived: the toggle event came before React listened for it.
  useEffect(() => {
    if (details.current?.open) setOpen(true);
  }, []);
  const name = `${operation.method} ${operation.path}`;

  function send() {
    const missing = sent.filter((p) => p.required && !values[`${p.in}:${p.name}`]?.trim());
    if (missing.length) {
      setErrors(Object.fromEntries(missing.map((p) => [`${p.in}:${p.name}`, [`Enter ${p.name}`]])));
      return;
    }
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, param: string) =>
      encodeURIComponent(values[`path:${param}`] ?? ''),
    );
    const filled = (place: string): [string, string][] =>
      sent
        .filter((p) => p.in === place && values[`${place}:${p.name}`])
        .map((p) => [p.name, values[`${place}:${p.name}`] ?? '']);
    const query = filled('query');
    startTransition(async () => {
      const answer =
        via.kind === 'token'
          ? await sendWithToken({
              server: via.server,
              token,
              method: operation.method,
              path,
              query,
              headers: filled('header'),
              contentType: operation.body?.contentType ?? null,
              body: operation.body ? body : null,
            })
          : await tryOperationAction({
              apiVersionId: via.apiVersionId,
              clientVersionId: via.isPublic ? null : Number(clientVersionId),
              method: operation.method,
              path,
              query,
              contentType: operation.body?.contentType ?? null,
              body: operation.body ? body : null,
            });
      setResult(answer.ok ? answer.data : null);
      // The path is made from the fields above, so a message about it belongs to the whole form.
      setErrors(
        answer.ok ? {} : { ...answer.fieldErrors, form: [answer.message, ...(answer.fieldErrors?.path ?? [])] },
      );
    });
  }

  return (
    <details
      ref={details}
      className="rounded-md border border-indigo-100 bg-indigo-50/40 p-3"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="cursor-pointer text-sm font-medium text-indigo-800">Try it</summary>
      {!open ? null : blocked ? (
        <p className="mt-2 text-sm text-slate-700">
          To try this API, sign up for one of its plans with one of your clients.
        </p>
      ) : (
        <form
          noValidate
          aria-label={`Try ${name}`}
          className="mt-3 space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          {via.kind === 'token' ? (
            <p className="text-sm text-slate-600">
              {token ? (
                <>Sent by your browser to {via.server} with the access token you pasted above.</>
              ) : (
                <>
                  Sent by your browser to {via.server} with one of your access tokens:{' '}
                  <a href={`#${accessTokenFieldId}`} className={buttonClass.link}>
                    paste it above
                  </a>
                  .
                </>
              )}
            </p>
          ) : via.isPublic ? (
            <p className="text-sm text-slate-600">A public API: sent through the gateway without a key.</p>
          ) : (
            <SelectField
              id={`${id}-client`}
              label="Client"
              value={clientVersionId}
              onChange={(e) => setClientVersionId(e.target.value)}
              errors={errors.clientVersionId}
              hint="Its API key is sent by the server; you never type it."
            >
              {via.clients.map((c) => (
                <option key={c.clientVersionId} value={c.clientVersionId}>
                  {c.label}
                </option>
              ))}
            </SelectField>
          )}
          {sent.map((p) => {
            const key = `${p.in}:${p.name}`;
            return (
              <TextField
                key={key}
                id={`${id}-${p.in}-${p.name}`}
                label={`${p.name} (${p.in})`}
                required={p.required}
                value={values[key] ?? ''}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
                errors={errors[key]}
              />
            );
          })}
          {operation.body ? (
            <TextAreaField
              id={`${id}-body`}
              label={`Request body (${operation.body.contentType})`}
              rows={6}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              errors={errors.body}
            />
          ) : null}
          <button type="submit" className={buttonClass.primary} disabled={pending}>
            {pending ? 'Sending…' : `Send ${operation.method}`}
          </button>
        </form>
      )}
      <div role="status" aria-label={`Answer to ${name}`} className="mt-3 space-y-2 text-sm">
        {errors.form ? <p className="text-red-700">{errors.form.join(' ')}</p> : null}
        {result ? (
          <>
            <p>
              Status <strong>{result.status}</strong> · {result.ms} ms
            </p>
            <details open>
              <summary className="cursor-pointer text-xs text-slate-600">Headers ({result.headers.length})</summary>
              <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 font-mono text-xs">
                {result.headers.map(([header, value]) => (
                  <div key={header} className="contents">
                    <dt className="text-slate-600">{header}</dt>
                    <dd className="break-all">{value}</dd>
                  </div>
                ))}
              </dl>
            </details>
            <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 text-xs text-slate-100">
              {result.body}
              {result.truncated ? '\n… (first 16 KB shown)' : ''}
            </pre>
          </>
        ) : null}
      </div>
    </details>
  );
}
