import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

const controlClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500';

/** Fields as wide as what they hold: a number or a version is short, free text reads at a line's length. */
const widthClass = { short: 'max-w-48', medium: 'max-w-md', full: '' } as const;

interface Common {
  id: string;
  /** How wide the control may grow; a number input is short unless told. */
  width?: keyof typeof widthClass;
  label: string;
  errors?: string[];
  hint?: string;
  required?: boolean;
}

function Label({ id, label, required }: Pick<Common, 'id' | 'label' | 'required'>) {
  return (
    <label htmlFor={id} className="block text-sm font-medium text-slate-700">
      {label}
      {required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
}

function Messages({ id, errors, hint }: Pick<Common, 'id' | 'errors' | 'hint'>) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <p id={`${id}-error`} aria-live="polite" className="mt-1 text-sm text-red-700">
        {errors?.join(' ')}
      </p>
    </>
  );
}

function describedBy({ id, errors, hint }: Common): string | undefined {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A labelled input whose errors are tied to it and announced politely. */
export function TextField({
  id,
  label,
  errors,
  hint,
  required,
  width = 'full',
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  const shown = input.type === 'number' && width === 'full' ? 'short' : width;
  return (
    <div>
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        name={input.name ?? id}
        aria-required={required || undefined}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy({ id, label, errors, hint })}
        className={`${controlClass} ${widthClass[shown]}`}
        {...input}
      />
      <Messages id={id} errors={errors} hint={hint} />
    </div>
  );
}

export function TextAreaField({
  id,
  label,
  errors,
  hint,
  required,
  width = 'full',
  ...area
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div>
      <Label id={id} label={label} required={required} />
      <textarea
        id={id}
        name={area.name ?? id}
        rows={3}
        aria-required={required || undefined}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy({ id, label, errors, hint })}
        className={`${controlClass} ${widthClass[width]}`}
        {...area}
      />
      <Messages id={id} errors={errors} hint={hint} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  errors,
  hint,
  required,
  width = 'full',
  children,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div>
      <Label id={id} label={label} required={required} />
      <select
        id={id}
        name={select.name ?? id}
        aria-required={required || undefined}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy({ id, label, errors, hint })}
        className={`${controlClass} ${widthClass[width]}`}
        {...select}
      >
        {children}
      </select>
      <Messages id={id} errors={errors} hint={hint} />
    </div>
  );
}

export const buttonClass = {
  primary:
    'inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60',
  secondary:
    'inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60',
  /** The confirmation inside a dialog that already named the thing and the consequence. */
  danger:
    'inline-flex items-center rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-60',
  /** A destructive button on a page: visible, but never the loudest thing there (it only opens a dialog). */
  dangerQuiet:
    'inline-flex items-center rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-60',
  link: 'text-indigo-700 hover:underline',
};
