'use client';

import { useRef, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/commands/result';

/**
 * A description that is edited in place and saves itself when the field loses focus (or on
 * Ctrl/Cmd+Enter). Read-only people see the text only.
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
  const [text, setText] = useState(value);
  const [saved, setSaved] = useState(value);
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const area = useRef<HTMLTextAreaElement>(null);

  if (readOnly) return <p className="text-slate-600">{value || 'No description.'}</p>;

  function save() {
    if (text === saved) return;
    startTransition(async () => {
      setStatus('Saving…');
      const result = await onSave(text);
      if (result.ok) {
        setSaved(text);
        setError(null);
        setStatus('Saved');
      } else {
        setError(result.fieldErrors?.description?.join(' ') ?? result.message);
        setStatus('');
      }
    });
  }

  return (
    <div>
      <label htmlFor="inline-description" className="sr-only">
        {label}
      </label>
      <textarea
        id="inline-description"
        ref={area}
        rows={2}
        value={text}
        placeholder="Add a description"
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) area.current?.blur();
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby="inline-description-status"
        className="block w-full resize-y rounded-md border border-transparent bg-transparent px-2 py-1 text-slate-700 hover:border-slate-300 focus:border-indigo-500 focus:bg-white focus:outline-none"
      />
      <p
        id="inline-description-status"
        aria-live="polite"
        className={`text-xs ${error ? 'text-red-700' : 'text-slate-500'}`}
      >
        {error ?? (pending ? 'Saving…' : status)}
      </p>
    </div>
  );
}
