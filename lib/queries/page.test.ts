import { asc, ilike } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { firstValues, likePattern, listParamsSchema, offsetOf, pagerOf, totalText } from './page';

const schema = listParamsSchema(['name', 'created']);

describe('list parameters from the URL', () => {
  it('reads what the URL says', () => {
    expect(schema.parse({ q: ' echo ', sort: 'created', dir: 'desc', page: '3', size: '50' })).toEqual({
      q: 'echo',
      sort: 'created',
      dir: 'desc',
      page: 3,
      size: 50,
    });
  });

  it('uses the defaults when nothing is given', () => {
    expect(schema.parse({})).toEqual({ q: '', sort: 'name', dir: 'asc', page: 1, size: 25 });
  });

  it('falls back to the defaults for anything mistyped or tampered with', () => {
    expect(schema.parse({ sort: 'password', dir: 'sideways', page: '-2', size: '1000' })).toEqual({
      q: '',
      sort: 'name',
      dir: 'asc',
      page: 1,
      size: 25,
    });
    for (const page of ['0', '1.5', 'abc', '100001']) expect(schema.parse({ page }).page, page).toBe(1);
    expect(schema.parse({ q: 'x'.repeat(201) }).q).toBe('');
  });

  it('offers the page sizes 10, 25, 50 and 100 only', () => {
    for (const size of ['10', '25', '50', '100']) expect(schema.parse({ size }).size).toBe(Number(size));
    for (const size of ['0', '1', '20', '99', '101', '-10', 'all']) expect(schema.parse({ size }).size, size).toBe(25);
  });

  it('takes the first value of a repeated parameter', () => {
    expect(firstValues({ q: ['a', 'b'], sort: 'name', page: undefined })).toEqual({
      q: 'a',
      sort: 'name',
      page: undefined,
    });
  });

  it('turns a page into the rows to skip', () => {
    expect(offsetOf(1, 25)).toBe(0);
    expect(offsetOf(3, 10)).toBe(20);
  });
});

describe('what a pager says', () => {
  it('names the rows shown, the pages and the way on', () => {
    expect(pagerOf({ total: 312, capped: false, page: 2, size: 25 })).toEqual({
      first: 26,
      last: 50,
      total: '312',
      page: 2,
      pages: '13',
      previous: 1,
      next: 3,
    });
    expect(pagerOf({ total: 0, capped: false, page: 1, size: 25 })).toMatchObject({
      first: 0,
      last: 0,
      pages: '1',
      previous: null,
      next: null,
    });
  });

  it('says "+" where the count stopped, and offers a next page past it', () => {
    expect(pagerOf({ total: 100, capped: true, page: 4, size: 25 })).toMatchObject({
      first: 76,
      last: 100,
      total: '100+',
      pages: '4+',
      next: 5,
    });
    expect(totalText({ total: 1000, capped: true })).toBe('1,000+');
    expect(totalText({ total: 1, capped: false })).toBe('1');
  });
});

describe('likePattern', () => {
  it('searches for LIKE wildcards and backslashes literally, anywhere in the text', () => {
    expect(likePattern('echo')).toBe('%echo%');
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  describe('in the database', () => {
    const names = ['50% off', '500 off', 'a_b', 'axb', 'back\\slash', 'backslash'];
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase();
      await testDb.db.insert(organizations).values(names.map((name, i) => ({ name, slug: `org-${i}` })));
    });
    afterAll(() => testDb.cleanup());

    async function search(q: string): Promise<string[]> {
      const rows = await testDb.db
        .select({ name: organizations.name })
        .from(organizations)
        .where(ilike(organizations.name, likePattern(q)))
        .orderBy(asc(organizations.name));
      return rows.map((r) => r.name);
    }

    it('finds what was typed, not what the wildcards would match', async () => {
      expect(await search('50%')).toEqual(['50% off']);
      expect(await search('a_b')).toEqual(['a_b']);
      expect(await search('k\\s')).toEqual(['back\\slash']);
      expect(await search('OFF')).toEqual(['50% off', '500 off']);
    });
  });
});
