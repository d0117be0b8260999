import { z } from 'zod';

/**
 * Why a command refused, for callers that answer with a status (the REST API): the input, a
 * resource the caller may not see, a right they lack, or a row that changed meanwhile. A refusal
 * without one is a rule of the domain's state ("a retired version's key cannot be rotated").
 */
export type Problem = 'invalid' | 'not-found' | 'forbidden' | 'conflict';

export type Failure = { ok: false; message: string; fieldErrors?: Record<string, string[]>; problem?: Problem };

/** What every server action returns: expected failures are results, never thrown at the UI. */
export type ActionResult<T = void> = { ok: true; data: T } | Failure;

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

export function fail(message: string, fieldErrors?: Record<string, string[]>, problem?: Problem): Failure {
  const failure: Failure = { ok: false, message };
  if (fieldErrors) failure.fieldErrors = fieldErrors;
  if (problem) failure.problem = problem;
  return failure;
}

/** Field messages keyed by the input's name, the way forms show them next to each input. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    (result[key] ??= []).push(issue.message);
  }
  return result;
}

/** The form-level message of every refusal that marks fields. */
export const correctMarkedFields = 'Please correct the marked fields.';

/** Refuses the input: the form says so once, each field says what is wrong with it. */
export function invalid(error: z.ZodError | Record<string, string[]>) {
  return fail(correctMarkedFields, error instanceof z.ZodError ? fieldErrorsOf(error) : error, 'invalid');
}

export const notAllowed = () => fail('You are not allowed to do this.', undefined, 'forbidden');
export const notFoundResult = (what: string) =>
  fail(`${what} was not found, or you may not see it.`, undefined, 'not-found');

/**
 * Thrown inside a transaction when a row is no longer in the state the change started from; the
 * transaction rolls back and the caller gets the message.
 */
export class ConflictError extends Error {
  constructor(message = 'This changed meanwhile — reload and try again.') {
    super(message);
    this.name = 'ConflictError';
  }
}

/** PostgreSQL unique-violation, as either driver reports it (drizzle wraps the driver's error). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const {
      code,
      constraint: name,
      constraint_name: nameAlt,
    } = e as { code?: string; constraint?: string; constraint_name?: string };
    if (code === '23505') return !constraint || name === constraint || nameAlt === constraint;
  }
  return false;
}
