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

describe("the maintenance rule (autovacuum's thresholds)", () => {
  it('leaves a table alone until 50 rows + 10 % of it changed, then analyzes it', () => {
    expect(dueWork(table({ modifiedSinceAnalyze: 10_050 }), undefined)).toBeNull();
    expect(dueWork(table({ modifiedSinceAnalyze: 10_051 }), undefined)).toMatchObject({
      action: 'analyze',
      reason: '10,051 rows changed of 100,000',
    });
    expect(dueWork(table({ rows: 0, pagesThen: 1, pages: 1, modifiedSinceAnalyze: 51 }), undefined)).toMatchObject({
      action: 'analyze',
    });
  });

  it('analyzes a table that was never analyzed, or grew on disk while the counters were lost (a restart)', () => {
    expect(dueWork(table({ rows: -1, pagesThen: 0 }), undefined)).toMatchObject({
      action: 'analyze',
      reason: 'never analyzed',
    });
    // 101 more pages of 100 rows each: about 10,100 rows the counters, reset by a restart, never saw.
    expect(dueWork(table({ pages: 1_101 }), undefined)).toMatchObject({
      action: 'analyze',
      reason: '10,100 rows changed of 100,000',
    });
    expect(dueWork(table({ pages: 1_100 }), undefined)).toBeNull();
    // An empty table has nothing to analyze.
    expect(dueWork(table({ rows: -1, pagesThen: 0, pages: 0 }), undefined)).toBeNull();
  });

  it('vacuums when dead rows pass 50 + 20 %, or inserted rows 1,000 + 20 %, analyzing too when due', () => {
    expect(dueWork(table({ deadRows: 20_050 }), undefined)).toBeNull();
    expect(dueWork(table({ deadRows: 20_051 }), undefined)).toMatchObject({ action: 'vacuum' });
    expect(dueWork(table({ insertedSinceVacuum: 21_000, modifiedSinceAnalyze: 5_000 }), undefined)).toBeNull();
    expect(dueWork(table({ insertedSinceVacuum: 21_001, modifiedSinceAnalyze: 21_001 }), undefined)).toMatchObject({
      action: 'vacuum, analyze',
      reason: '21,001 rows changed of 100,000, 21,001 rows inserted of 100,000',
    });
  });

  it("merges a table's GIN pending lists once after start-up, then after every 50 rows written", () => {
    const searched = table({ ginIndexes: ['public.clients_name_trgm_index'], writes: 500 });
    expect(dueWork(searched, undefined)).toMatchObject({ action: 'merge pending index entries' });
    expect(dueWork(searched, 450)).toBeNull();
    expect(dueWork(searched, 449)).toMatchObject({
      action: 'merge pending index entries',
      reason: '51 rows written since the last merge',
    });
    // Without GIN indexes there is nothing to merge.
    expect(dueWork(table({ writes: 500 }), 0)).toBeNull();
  });
});
