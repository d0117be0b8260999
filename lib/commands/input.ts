import { z } from 'zod';

/**
 * The building blocks every command and list parses its input with, so hostile text never reaches
 * the database or the screen: NUL (PostgreSQL refuses it in text), lone surrogates (not encodable as
 * UTF-8), control characters, bidi overrides (text that reads differently than it is stored) and
 * invisible characters (names that look equal but are not). Numbers are never coerced: `[5]`,
 * `"0x10"`, `"1e3"` and `" 5 "` are not ids.
 */

/** The largest value of a PostgreSQL `integer`: ids and counts beyond it cannot exist. */
export const maxInt = 2 ** 31 - 1;

const nul = /\u0000/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 and C1 controls but tab, line feed and carriage return, which free text may hold. */
const controlInText = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const controlInName = /[\u0000-\u001F\u007F-\u009F]/;
/** Bidi embeddings, overrides, isolates and marks. */
const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Zero-width and other invisible formatting characters. */
const invisible = /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200D\u2060-\u2064\u3164\uFEFF\uFFA0]/;
const invisibleAll = new RegExp(invisible.source, 'g');

export interface TextOptions {
  /** Characters, after normalisation. */
  max: number;
  /** At least this many characters; 0 lets the text be empty. */
  min?: number;
  /** How the message names the field: "A name", "A description". */
  label?: string;
}

/** The checks every text shares: encodable, no NUL, NFC-normalised, within its length. */
function baseText({ max, min = 0, label = 'This' }: TextOptions, trim: boolean) {
  return z
    .string(`${label} must be text`)
    .max(max * 4, `${label} has at most ${max} characters`) // refuse 1 MB before normalising it
    .refine((s) => !loneSurrogate.test(s), { message: `${label} contains a broken character`, abort: true })
    .transform((s) => (trim ? s.normalize('NFC').trim() : s.normalize('NFC')))
    .pipe(
      z
        .string()
        .min(min, min <= 1 ? `Enter ${label.toLowerCase()}` : `Use at least ${min} characters`)
        .max(max, `${label} has at most ${max} characters`)
        .refine((s) => !nul.test(s), { message: `${label} cannot contain a NUL character`, abort: true }),
    );
}

/**
 * Free text (descriptions, terms, reasons): line breaks and tabs allowed, other controls not; may
 * be empty, but not made only of invisible characters (it would look empty and not be).
 */
export function freeText(options: TextOptions) {
  const label = options.label ?? 'This';
  return baseText(options, true)
    .refine((s) => !controlInText.test(s) && !bidi.test(s), {
      message: `${label} cannot contain control or text-direction characters`,
      abort: true,
    })
    .refine((s) => s === '' || s.replace(invisibleAll, '').trim() !== '', {
      message: `${label} cannot be made only of invisible characters`,
      abort: true,
    });
}

/**
 * A name people tell things apart by: one line, no control, text-direction or invisible
 * characters, not empty after trimming. Stored compatibility-normalised with single spaces, so a
 * look-alike (full-width "ＡＣＭＥ", "Org  X") is the same name as the original and the existing
 * case-insensitive uniqueness checks refuse it as a duplicate.
 */
export function nameText(options: TextOptions) {
  const label = options.label ?? 'A name';
  return baseText({ min: 1, ...options, label }, true)
    .refine((s) => !controlInName.test(s), {
      message: `${label} cannot contain control characters or line breaks`,
      abort: true,
    })
    .refine((s) => !bidi.test(s), { message: `${label} cannot contain text-direction characters`, abort: true })
    .refine((s) => !invisible.test(s), { message: `${label} cannot contain invisible characters`, abort: true })
    .transform((s) => s.normalize('NFKC').replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, `Enter ${label.toLowerCase()}`)
        .max(options.max, `${label} has at most ${options.max} characters`),
    );
}

/**
 * The form two names are compared in for uniqueness: compatibility-normalised (full-width
 * "ＡＣＭＥ" is "ACME"), case-folded, invisible characters dropped, spaces collapsed.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(invisibleAll, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A search box's text, from a URL anyone can type: never refused, only cleaned, so a hostile
 * query still gives a normal list (an over-long one searches for nothing).
 */
export function searchText(max = 200) {
  return z
    .unknown()
    .transform((value) => (typeof value === 'string' ? cleanSearch(value, max) : ''))
    .catch('');
}

function cleanSearch(value: string, max: number): string {
  if (value.length > max * 4) return '';
  const cleaned = value
    .replace(new RegExp(loneSurrogate.source, 'g'), '')
    .normalize('NFC')
    .replace(new RegExp(`${controlInName.source}|${bidi.source}|${invisible.source}`, 'g'), '')
    .trim();
  return cleaned.length > max ? '' : cleaned; // no search rather than a cut one that finds the wrong rows
}

const decimal = /^-?(0|[1-9][0-9]{0,15})$/;

/** A whole number from a form field or JSON: a JS integer or its plain decimal string, nothing else. */
export function wholeNumber({ min, max, label = 'This' }: { min: number; max: number; label?: string }) {
  return z
    .union([z.number(), z.string().trim()], `${label} must be a whole number`)
    .transform((value, ctx) => {
      const n = typeof value === 'number' ? value : decimal.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a whole number` });
        return z.NEVER;
      }
      return n;
    })
    .pipe(z.number().min(min, `${label} is at least ${min}`).max(max, `${label} is at most ${max}`));
}

/** An id of a row: 1 … 2^31−1, as a number or a decimal string. */
export function id(label = 'The id') {
  return wholeNumber({ min: 1, max: maxInt, label });
}

/** Reads an id from a URL parameter; null when it is none. */
export function idFrom(value: unknown): number | null {
  const parsed = id().safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A page number from a URL: 1 … max, anything else is page 1. */
export function pageNumber(max = 100_000) {
  return wholeNumber({ min: 1, max }).catch(1);
}

/**
 * A URL path segment (organization, API, client slug or version) as the router hands it over:
 * bounded and free of NUL and controls. Segments failing this name no page.
 */
export function isSoundSegment(segment: string, max = 500): boolean {
  return segment.length <= max && !loneSurrogate.test(segment) && !controlInName.test(segment);
}

/** Reads a page number from a URL parameter; 1 when it is none. */
export function pageFrom(value: unknown, max = 100_000): number {
  return pageNumber(max).parse(value);
}
