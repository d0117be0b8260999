'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/commands/result';
import { buttonClass } from './field';

/**
 * A description read as text, with an Edit button beside it for those who may change it. Editing
 * opens a field sized to the text with Save and Cancel (Ctrl/Cmd+Enter saves, Escape cancels); a
 * failed save keeps the field open with what was typed.
 */
export function InlineDescription({
  value,
  onSave,
  readOnly,
  label = 'Description',
}: {
  value: string;
  onSave: (description: string) => Promise<ActionResult<unknown>>;
  readOnly: boolean;
  label?: string;
}) {
  const [saved, setSaved] = useState(value);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const area = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);

  // Focus follows the mode: into the field when editing starts, back to Edit when it ends.
  useEffect(() => {
    if (editing) area.current?.focus();
    else if (opened.current) editButton.current?.focus();
    opened.current = editing || opened.current;
  }, [editing]);

  const text = (
    <p className="whitespace-pre-line text-slate-700">
      {saved || <span className="text-slate-500">No description.</span>}
    </p>
  );
  if (readOnly) return <div>{text}</div>;

  function save() {
    const next = area.current?.value ?? saved;
    if (next === saved) {
      setEditing(false);
      return;
    }
    startTransition(async () => {
      const result = await onSave(next);
      if (result.ok) {
        setSaved(next);
        setError(null);
        setStatus('Saved');
        setEditing(false);
      } else {
        setError(result.fieldErrors?.description?.join(' ') ?? result.message);
        setStatus('');
      }
    });
  }

  return (
    <div>
      {editing ? (
        <div className="space-y-2">
          <label htmlFor="inline-description" className="sr-only">
            {label}
          </label>
          <textarea
            id="inline-description"
            ref={area}
            rows={Math.min(8, Math.max(2, saved.split('\n').length + 1))}
            defaultValue={saved}
            placeholder="Add a description"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) save();
              if (e.key === 'Escape') {
                setError(null);
                setEditing(false);
              }
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby="inline-description-status"
            className="block w-full max-w-3xl resize-none rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-700 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
          />
          <div className="flex gap-2">
            <button type="button" className={buttonClass.primary} disabled={pending} onClick={save}>
              {pending ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              className={buttonClass.secondary}
              disabled={pending}
              onClick={() => {
                setError(null);
                setEditing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div role="group" aria-label={label} className="flex items-start gap-3">
          {text}
          <button
            ref={editButton}
            type="button"
            className="shrink-0 text-sm text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            onClick={() => {
              setStatus('');
              setEditing(true);
            }}
          >
            Edit
          </button>
        </div>
      )}
      <p
        id="inline-description-status"
        aria-live="polite"
        className={`text-xs ${error ? 'text-red-700' : 'text-slate-500'}`}
      >
        {error ?? status}
      </p>
    </div>
  );
}
