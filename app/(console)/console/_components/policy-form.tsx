'use client';

import { useState } from 'react';
import { buttonClass, SelectField, TextAreaField, TextField } from '@/components/ui/field';
import type { PolicyType } from '@/lib/policies/contract';
import { policyDefinitions } from '@/lib/policies/definitions';

type Values = Record<string, string | boolean>;

function defaultsOf(type: PolicyType): Values {
  const values: Values = {};
  for (const field of policyDefinitions[type].fields) {
    values[field.name] =
      field.kind === 'checkbox' ? false : field.kind === 'select' ? (field.options?.[0]?.value ?? '') : '';
  }
  return values;
}

/** The typed form of one policy type; its fields come from the policy definitions. */
export function PolicyForm({
  type,
  initial,
  errors,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  type: PolicyType;
  initial?: Values;
  errors: Record<string, string[]>;
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: Values) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Values>(() => ({ ...defaultsOf(type), ...initial }));
  const set = (name: string, value: string | boolean) => setValues({ ...values, [name]: value });
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(values);
      }}
    >
      {policyDefinitions[type].fields.map((field) => {
        const id = `policy-${field.name}`;
        const fieldErrors =
          errors[field.name] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field.name}.`))?.[1];
        if (field.kind === 'select') {
          return (
            <SelectField
              key={field.name}
              id={id}
              name={field.name}
              label={field.label}
              width="medium"
              value={String(values[field.name])}
              onChange={(e) => set(field.name, e.target.value)}
              errors={fieldErrors}
              hint={field.hint}
            >
              {field.options?.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          );
        }
        if (field.kind === 'lines') {
          return (
            <TextAreaField
              key={field.name}
              id={id}
              name={field.name}
              label={field.label}
              width="medium"
              value={String(values[field.name])}
              onChange={(e) => set(field.name, e.target.value)}
              errors={fieldErrors}
              hint={field.hint}
            />
          );
        }
        if (field.kind === 'checkbox') {
          return (
            <label key={field.name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name={field.name}
                checked={values[field.name] === true}
                onChange={(e) => set(field.name, e.target.checked)}
              />
              {field.label}
            </label>
          );
        }
        return (
          <TextField
            key={field.name}
            id={id}
            name={field.name}
            label={field.label}
            type={field.kind === 'number' ? 'number' : field.kind === 'time' ? 'time' : 'text'}
            width={field.kind === 'text' ? 'medium' : 'short'}
            value={String(values[field.name])}
            onChange={(e) => set(field.name, e.target.value)}
            errors={fieldErrors}
            hint={field.hint}
          />
        );
      })}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass.primary} disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className={buttonClass.secondary} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
