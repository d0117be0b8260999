import { z } from 'zod';
import type { PolicyTypeModule } from '../contract';
import { compileCountedLimit, granularities, periods } from './counting';
import { wholeNumber } from './shared';

export const granularityOptions = [
  { value: 'client', label: 'Client' },
  { value: 'api', label: 'API' },
  { value: 'ip', label: 'IP address' },
] as const;
const periodOptions = periods.map((p) => ({ value: p, label: p[0]?.toUpperCase() + p.slice(1) }));

const schema = z.object({
  limit: wholeNumber(1, 'a limit', 1e12),
  period: z.enum(periods, 'Choose a period'),
  granularity: z.enum(granularities, 'Choose a granularity'),
});

/** Requests per second, minute, hour, day or month, counted per client, API or address. */
export const rateLimiting: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'Rate Limiting',
    fields: [
      { name: 'limit', label: 'Limit', kind: 'number' },
      { name: 'period', label: 'Period', kind: 'select', options: periodOptions },
      { name: 'granularity', label: 'Granularity', kind: 'select', options: granularityOptions },
    ],
  },
  schema,
  compile: (config, env) =>
    compileCountedLimit(
      {
        type: 'RateLimiting',
        ...config,
        code: 'rate_limit_exceeded',
        message: `Rate limit exceeded: at most ${config.limit} requests per ${config.period}.`,
      },
      env,
    ),
};
