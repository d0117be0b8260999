import { describe, expect, it } from 'vitest';
import { intentOf, postedStep, shownMessage, stepOfErrors, textOf } from './state';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
};

describe('a wizard posted as a plain form', () => {
  it('reads the pressed button, and Enter in a field (no button, or an unknown one) as Next', () => {
    expect(intentOf(form({ intent: 'back' }))).toBe('back');
    expect(intentOf(form({ intent: 'finish' }))).toBe('finish');
    expect(intentOf(form({}))).toBe('next');
    expect(intentOf(form({ intent: 'delete-everything' }))).toBe('next');
  });

  it('keeps the posted step within the wizard', () => {
    expect(postedStep(form({ step: '1' }), 3)).toBe(1);
    expect(postedStep(form({ step: '7' }), 3)).toBe(2);
    expect(postedStep(form({ step: '-1' }), 3)).toBe(0);
    expect(postedStep(form({ step: '1.5' }), 3)).toBe(0);
    expect(postedStep(form({}), 3)).toBe(0);
  });

  it('reads a missing field or a file as empty text', () => {
    const data = form({ name: 'Weather' });
    data.set('upload', new Blob(['x']), 'x.txt');
    expect(textOf(data, 'name')).toBe('Weather');
    expect(textOf(data, 'upload')).toBe('');
    expect(textOf(data, 'missing')).toBe('');
  });

  it('sends the person to the earliest step holding a field in error, else keeps the step', () => {
    const stepOf = { orgSlug: 0, name: 1 };
    expect(stepOfErrors({ name: ['x'], orgSlug: ['y'] }, stepOf, 2)).toBe(0);
    expect(stepOfErrors({ name: ['x'], form: ['y'] }, stepOf, 2)).toBe(1);
    expect(stepOfErrors({ form: ['y'] }, stepOf, 2)).toBe(2);
    expect(stepOfErrors(undefined, stepOf, 2)).toBe(2);
  });

  it('shows the refusal above the fields unless the marked fields say it all', () => {
    expect(shownMessage({ ok: false, step: 1, values: {}, message: 'Sign in again.' })).toBe('Sign in again.');
    expect(shownMessage({ ok: false, step: 1, values: {}, message: 'Correct it.', quiet: true })).toBeNull();
    expect(shownMessage({ ok: true, step: 0, values: {} })).toBeNull();
  });
});
