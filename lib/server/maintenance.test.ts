import { describe, expect, it } from 'vitest';
import { dueWork, type TableState } from './maintenance';

/** A table analyzed and vacuumed at 100,000 rows on 1,000 pages, nothing changed since. */
const settled: TableState = {
  oid: 1,
  table: 'public.clients',
  rows: 100_000,
  pagesThen: 1_000,
  pages: 1_000,
  modifiedSinceAnalyze: 0,
  deadRows: 0,
  insertedSinceVacuum: 0,
  writes: 0,
  ginIndexes: [],
};
const table = (changes: Partial<TableState>): TableState => ({ ...settled, ...changes });

const none = new Map<string, number>();

describe("the maintenance rule (autovacuum's thresholds)", () => {
  it('leaves a table alone until 50 rows + 10 % of it changed, then analyzes it', () => {
    expect(dueWork(table({ modifiedSinceAnalyze: 10_050 }), none)).toBeNull();
    expect(dueWork(table({ modifiedSinceAnalyze: 10_051 }), none)).toMatchObject({
      action: 'analyze',
      reason: '10,051 rows changed of 100,000',
    });
    expect(dueWork(table({ rows: 0, pagesThen: 1, pages: 1, modifiedSinceAnalyze: 51 }), none)).toMatchObject({
      action: 'analyze',
    });
  });

  it('analyzes a table that was never analyzed, or grew on disk while the counters were lost (a restart)', () => {
    expect(dueWork(table({ rows: -1, pagesThen: 0, insertedSinceVacuum: 5_000 }), none)).toMatchObject({
      action: 'analyze',
      reason: 'never analyzed',
    });
    // 101 more pages of 100 rows each: about 10,100 rows the counters, reset by a restart, never saw.
    expect(dueWork(table({ pages: 1_101 }), none)).toMatchObject({
      action: 'analyze',
      reason: '10,100 rows changed of 100,000',
    });
    expect(dueWork(table({ pages: 1_100 }), none)).toBeNull();
    // An empty table has nothing to analyze.
    expect(dueWork(table({ rows: -1, pagesThen: 0, pages: 0 }), none)).toBeNull();
  });

  it('vacuums when dead rows pass 50 + 20 %, or inserted rows 1,000 + 20 %, once the statistics are fresh', () => {
    expect(dueWork(table({ deadRows: 20_050 }), none)).toBeNull();
    expect(dueWork(table({ deadRows: 20_051 }), none)).toMatchObject({
      action: 'vacuum',
      reason: '20,051 dead rows of 100,000',
    });
    expect(dueWork(table({ insertedSinceVacuum: 21_000 }), none)).toBeNull();
    expect(dueWork(table({ insertedSinceVacuum: 21_001 }), none)).toMatchObject({ action: 'vacuum' });
    expect(dueWork(table({ insertedSinceVacuum: 21_001, modifiedSinceAnalyze: 21_001 }), none)).toMatchObject({
      action: 'analyze',
    });
  });

  it("merges each GIN index's pending entries once after start-up, then after every 50 rows written", () => {
    const name = 'public.clients_name_trgm_index';
    const searched = table({ ginIndexes: [name], writes: 500, insertedSinceVacuum: 50_000 });
    expect(dueWork(searched, none)).toMatchObject({ action: 'merge pending index entries', index: name });
    expect(dueWork({ ...searched, insertedSinceVacuum: 0 }, new Map([[name, 450]]))).toBeNull();
    expect(dueWork(searched, new Map([[name, 449]]))).toMatchObject({
      action: 'merge pending index entries',
      reason: '51 rows written since the last merge',
    });
    // Merged: the vacuum its inserts call for comes next.
    expect(dueWork(searched, new Map([[name, 500]]))).toMatchObject({ action: 'vacuum' });
  });
});
