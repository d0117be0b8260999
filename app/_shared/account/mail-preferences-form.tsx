'use client';

import { useState, useTransition } from 'react';
import { updateMailPreferencesAction } from '@/app/actions/mail';
import { buttonClass } from '@/components/ui/field';
import type { MailCategory, MailDelivery } from '@/lib/mail/preferences';

interface Category {
  category: MailCategory;
  label: string;
  hint: string;
  chosen: MailDelivery;
}

/** Per category: immediately, in a daily digest, or off — one group of radio buttons each. */
export function MailPreferencesForm({
  categories,
  deliveries,
}: {
  categories: Category[];
  deliveries: { value: MailDelivery; label: string }[];
}) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="max-w-3xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const input = Object.fromEntries(
          categories.map(({ category }) => [category, String(data.get(category) ?? '')]),
        );
        startTransition(async () => {
          const result = await updateMailPreferencesAction(input);
          setErrors(result.ok ? {} : (result.fieldErrors ?? {}));
          setMessage(result.ok ? 'Mail choices saved.' : result.message);
        });
      }}
    >
      {categories.map(({ category, label, hint, chosen }) => (
        <fieldset
          key={category}
          className="rounded-md border border-slate-200 p-3"
          aria-describedby={`${category}-hint${errors[category] ? ` ${category}-error` : ''}`}
        >
          <legend className="px-1 text-sm font-medium text-slate-800">{label}</legend>
          <p id={`${category}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
          <div className="mt-2 flex flex-wrap gap-4">
            {deliveries.map(({ value, label: deliveryLabel }) => (
              <label key={value} className="flex items-center gap-1 text-sm">
                <input type="radio" name={category} value={value} defaultChecked={chosen === value} />
                {deliveryLabel}
              </label>
            ))}
          </div>
          <p id={`${category}-error`} aria-live="polite" className="mt-1 text-sm text-red-700">
            {errors[category]?.join(' ')}
          </p>
        </fieldset>
      ))}
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {message}
      </p>
      <button type="submit" disabled={pending} className={buttonClass.primary}>
        Save mail choices
      </button>
    </form>
  );
}
