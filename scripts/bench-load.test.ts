import { describe, expect, it } from 'vitest';
import { inTurn, medianOf } from './bench-load';

describe('the load benches’ rounds', () => {
  it('turns the order of a group each round, so every row leads once in as many rounds as rows', () => {
    const rows = ['bare', 'pglite', 'postgres'];
    const firsts = [1, 2, 3].map((round) => inTurn(rows, round)[0]);
    expect(new Set(firsts)).toEqual(new Set(rows));
    expect(inTurn(rows, 1)).toEqual(['pglite', 'postgres', 'bare']);
    // A pair alternates, as the gateway bench's figures were measured.
    expect(inTurn(['x', 'y'], 1)).toEqual(['y', 'x']);
    expect(inTurn(['x', 'y'], 2)).toEqual(['x', 'y']);
  });

  it('reports the run of median throughput with its own latencies', () => {
    const run = (rps: number, p99: number) => ({ rps, p50: 1, p99, errors: 0, cpuUsPerRequest: rps });
    expect(medianOf([run(30, 3), run(10, 1), run(20, 2)])).toMatchObject({ rps: 20, p99: 2, cpuUsPerRequest: 20 });
  });
});
