'use client';

import { useState } from 'react';

/** Every event type, or the ones ticked: the filter of a webhook. */
export function EventTypesField({
  prefix,
  types,
  initial,
  errors,
}: {
  prefix: string;
  /** The types this person may choose (a developer: the client events). */
  types: readonly string[];
  initial: 'all' | string[];
  errors?: string[];
}) {
  const [mode, setMode] = useState<'all' | 'chosen'>(initial === 'all' ? 'all' : 'chosen');
  return (
    <fieldset aria-describedby={errors ? `${prefix}-types-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">Events</legend>
      <div className="mt-1 flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name="events" value="all" checked={mode === 'all'} onChange={() => setMode('all')} />
          All events
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="events"
            value="chosen"
            checked={mode === 'chosen'}
            onChange={() => setMode('chosen')}
          />
          Chosen events
        </label>
      </div>
      {mode === 'chosen' ? (
        <div className="mt-2 grid gap-1 sm:grid-cols-2 lg:grid-cols-3">
          {types.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="eventTypes"
                value={type}
                defaultChecked={initial !== 'all' && initial.includes(type)}
              />
              <code className="text-xs">{type}</code>
            </label>
          ))}
        </div>
      ) : null}
      <p id={`${prefix}-types-error`} aria-live="polite" className="mt-1 text-sm text-red-700">
        {errors?.join(' ')}
      </p>
    </fieldset>
  );
}

/** The form's choice as the commands take it. */
export function eventTypesOf(data: FormData): 'all' | string[] {
  return data.get('events') === 'chosen' ? data.getAll('eventTypes').map(String) : 'all';
}
