import { exceedsExpansion, type OpenApiObject } from './parse';

/**
 * How much of a document's examples and enums a page or a download writes out. A `$ref` repeats an
 * example wherever the schema is used, so a large one could otherwise fill a page many times over;
 * a value past its cap is cut, and says so.
 */

/** Characters of one example, as JSON text. */
export const maxExampleLength = 10_000;
/** Characters of one enum value, as JSON text. */
export const maxEnumValueLength = 200;
/** Enum values a page lists; the rest are counted. */
export const maxEnumValues = 50;

const cutNote = (what: string, max: number) =>
  `… (cut: the ${what} has more than ${max.toLocaleString('en')} characters)`;

/**
 * The start of `value` as compact JSON, at most about `max` characters. Writes without recursion and
 * stops once `max` is reached, so a huge value costs no more than its cap.
 */
export function jsonPrefix(value: unknown, max: number): string {
  let out = '';
  // Text to write as it is, or a value to write as JSON; innermost last.
  const pending: ({ text: string } | { value: unknown })[] = [{ value }];
  while (pending.length > 0 && out.length < max) {
    const next = pending.pop() as { text: string } | { value: unknown };
    if ('text' in next) {
      out += next.text;
      continue;
    }
    const item = next.value;
    if (Array.isArray(item)) {
      pending.push({ text: ']' });
      // Each item takes a character at least: those past the cap are never written.
      for (let i = Math.min(item.length, max - out.length) - 1; i >= 0; i -= 1)
        pending.push({ value: item[i] }, ...(i > 0 ? [{ text: ',' }] : []));
      out += '[';
    } else if (typeof item === 'object' && item !== null) {
      const entries = Object.entries(item).slice(0, max - out.length);
      pending.push({ text: '}' });
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, inner] = entries[i] as [string, unknown];
        pending.push({ value: inner }, { text: `${JSON.stringify(key)}:` }, ...(i > 0 ? [{ text: ',' }] : []));
      }
      out += '{';
    } else if (typeof item === 'string') out += JSON.stringify(item.slice(0, max - out.length + 1));
    else out += JSON.stringify(item) ?? 'null';
  }
  return out.slice(0, max);
}

/** An example as the page shows it: indented JSON (text as it is), cut past `maxExampleLength`. */
export function exampleText(value: unknown): string {
  if (typeof value === 'string')
    return value.length > maxExampleLength
      ? `${value.slice(0, maxExampleLength)}\n${cutNote('example', maxExampleLength)}`
      : value;
  if (!exceedsExpansion(value, maxExampleLength)) return JSON.stringify(value, null, 2) ?? 'null';
  return `${jsonPrefix(value, maxExampleLength)}\n${cutNote('example', maxExampleLength)}`;
}

/** An enum as the page lists it: each value as JSON, long ones cut, at most `maxEnumValues`. */
export function enumTexts(values: unknown[]): string[] {
  const shown = values.slice(0, maxEnumValues).map((value) => {
    const text = jsonPrefix(value, maxEnumValueLength + 1);
    return text.length > maxEnumValueLength ? `${text.slice(0, maxEnumValueLength)}…` : text;
  });
  const more = values.length - shown.length;
  return more > 0 ? [...shown, `… and ${more.toLocaleString('en')} more`] : shown;
}

/**
 * Cuts, in a document to download, every example past `maxExampleLength` and every enum value past
 * `maxEnumValueLength` to the start of its JSON text with a note. Enums keep all their values (a
 * client generator needs them); changes `document` in place, without recursion.
 */
export function capExamples(document: OpenApiObject): void {
  const cut = (value: unknown, max: number, what: string) =>
    exceedsExpansion(value, max) ? `${jsonPrefix(value, max)}${cutNote(what, max)}` : value;
  const pending: unknown[] = [document];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node); // YAML aliases share objects: each is capped, and walked, once
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    const object = node as Record<string, unknown>;
    if ('example' in object) object.example = cut(object.example, maxExampleLength, 'example');
    if ('x-example' in object) object['x-example'] = cut(object['x-example'], maxExampleLength, 'example');
    if (Array.isArray(object.enum))
      object.enum = object.enum.map((value: unknown) => cut(value, maxEnumValueLength, 'enum value'));
    const examples = object.examples;
    if (Array.isArray(examples)) object.examples = examples.map((value) => cut(value, maxExampleLength, 'example'));
    else if (typeof examples === 'object' && examples !== null)
      for (const [name, example] of Object.entries(examples)) {
        // OpenAPI 3 names Example objects ({ value }); Swagger 2.0 maps a media type to the example itself.
        const named = typeof example === 'object' && example !== null && 'value' in example;
        if (named) (example as { value: unknown }).value = cut(example.value, maxExampleLength, 'example');
        else (examples as Record<string, unknown>)[name] = cut(example, maxExampleLength, 'example');
      }
    // Examples are data, not description: an `example` key inside one is the provider's own.
    for (const [key, value] of Object.entries(object))
      if (key !== 'example' && key !== 'x-example' && key !== 'examples') pending.push(value);
  }
}
