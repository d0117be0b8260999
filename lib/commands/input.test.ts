import { describe, expect, it } from 'vitest';
import {
  freeText,
  id,
  idFrom,
  isSoundSegment,
  maxInt,
  nameKey,
  nameText,
  pageFrom,
  searchText,
  wholeNumber,
} from './input';

const name = nameText({ max: 100 });
const description = freeText({ max: 2000, label: 'A description' });
const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues[0]?.message;

describe('names', () => {
  it('are trimmed and NFC-normalised', () => {
    expect(name.parse('  Cafe\u0301 Support  ')).toBe('Café Support');
  });

  it.each([
    ['empty', '', 'Enter a name'],
    ['only whitespace', '   \t ', 'Enter a name'],
    ['a NUL', 'Org\u0000X', 'A name cannot contain a NUL character'],
    ['a lone surrogate', 'Org \uD800', 'A name contains a broken character'],
    ['a bidi override', 'Org \u202Eevil', 'A name cannot contain text-direction characters'],
    ['a zero-width space', 'Org X\u200B', 'A name cannot contain invisible characters'],
    ['only a zero-width character', '\u200B', 'A name cannot contain invisible characters'],
    ['a line break', 'Org\nX', 'A name cannot contain control characters or line breaks'],
    ['too many characters', 'x'.repeat(101), 'A name has at most 100 characters'],
    ['1 MB', 'x'.repeat(1 << 20), 'A name has at most 100 characters'],
  ])('refuses %s with a field message', (_, input, message) => {
    expect(messageOf(name.safeParse(input))).toBe(message);
  });

  it.each([[5], [['Org']], [null], [undefined], [{ toString: () => 'Org' }]])(
    'refuses %j, which is not text',
    (input) => {
      expect(name.safeParse(input).success).toBe(false);
    },
  );

  it('keep SQL and HTML as the text they are', () => {
    expect(name.parse("Robert'); drop table users;--")).toBe("Robert'); drop table users;--");
    expect(name.parse('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('are stored in the form look-alikes share', () => {
    expect(name.parse('ＡＣＭＥ  Support')).toBe('ACME Support');
  });

  it('compare equal when they only look alike', () => {
    expect(nameKey('ＡＣＭＥ Support')).toBe(nameKey('acme support'));
    expect(nameKey('Org X\u200B')).toBe(nameKey('Org X'));
    expect(nameKey('Org  X')).toBe(nameKey('org x'));
    expect(nameKey('Org X')).not.toBe(nameKey('Org Y'));
  });
});

describe('free text', () => {
  it('keeps line breaks and tabs, refuses other controls, NUL and bidi overrides', () => {
    expect(description.parse('line one\n\tline two')).toBe('line one\n\tline two');
    expect(messageOf(description.safeParse('a\u0000b'))).toBe('A description cannot contain a NUL character');
    expect(description.safeParse('a\u0007b').success).toBe(false);
    expect(description.safeParse('a\u202Eb').success).toBe(false);
    expect(description.safeParse('\uDC00').success).toBe(false);
    expect(description.parse('')).toBe('');
    expect(messageOf(description.safeParse('\u200B\u200B'))).toBe(
      'A description cannot be made only of invisible characters',
    );
  });
});

describe('ids', () => {
  it.each([
    [1, 1],
    ['42', 42],
    [maxInt, maxInt],
  ])('accepts %j', (input, expected) => {
    expect(id().parse(input)).toBe(expected);
  });

  it.each([
    [0],
    [-1],
    [1.5],
    [2 ** 31],
    ['2147483648'],
    [[5]],
    ['0x10'],
    ['1e3'],
    ['05'],
    [''],
    [' '],
    ['5abc'],
    [null],
    [true],
    [{}],
    [Number.NaN],
    [Infinity],
    ['__proto__'],
  ])('refuses %j', (input) => {
    expect(id().safeParse(input).success).toBe(false);
  });

  it('read from URLs give null when they are none', () => {
    expect(idFrom('17')).toBe(17);
    expect(idFrom('99999999999999999999')).toBeNull();
    expect(idFrom(undefined)).toBeNull();
  });
});

describe('whole numbers', () => {
  it('hold their bounds with a field message', () => {
    const limit = wholeNumber({ min: 1, max: 1000, label: 'The limit' });
    expect(limit.parse('1000')).toBe(1000);
    expect(messageOf(limit.safeParse('1001'))).toBe('The limit is at most 1000');
    expect(messageOf(limit.safeParse('0x10'))).toBe('The limit must be a whole number');
    expect(messageOf(limit.safeParse([5]))).toBe('The limit must be a whole number');
  });
});

describe('list parameters from a URL', () => {
  const q = searchText();

  it('clean a hostile search instead of failing', () => {
    expect(q.parse('abc\u0000def')).toBe('abcdef');
    expect(q.parse('\uD800 acme \u202E')).toBe('acme');
    expect(q.parse(['a', 'b'])).toBe('');
    expect(q.parse(undefined)).toBe('');
    expect(q.parse('x'.repeat(1 << 20))).toBe('');
    expect(q.parse('x'.repeat(200))).toHaveLength(200);
    expect(q.parse("' or 1=1 --")).toBe("' or 1=1 --");
  });

  it('fall back to page 1 for anything but a page number', () => {
    for (const page of ['0', '-1', '1.5', '0x10', '1e308', 'abc', '99999999999', undefined])
      expect(pageFrom(page)).toBe(1);
    expect(pageFrom('3')).toBe(3);
  });
});

describe('URL path segments', () => {
  it('are sound unless they hold NUL, controls or broken characters', () => {
    expect(isSoundSegment('acme-support')).toBe(true);
    expect(isSoundSegment('Café 1.0')).toBe(true);
    expect(isSoundSegment('a\u0000')).toBe(false);
    expect(isSoundSegment('a\u001b')).toBe(false);
    expect(isSoundSegment('\uD800')).toBe(false);
  });
});
