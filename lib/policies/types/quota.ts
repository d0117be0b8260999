import { z } from 'zod';
import type { PolicyTypeModule } from '../contract';
import { compileCountedLimit, granularities } from './counting';
import { granularityOptions } from './rate-limiting';
import { wholeNumber } from './shared';

const schema = z.object({
  limit: wholeNumber(1, 'a limit', 1e12),
  granularity: z.enum(granularities, 'Choose a granularity'),
});

/** Requests per calendar month (UTC); exact across gateway processes like every counter. */
export const quota: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'Quota',
    fields: [
      { name: 'limit', label: 'Requests per month', kind: 'number' },
      { name: 'granularity', label: 'Granularity', kind: 'select', options: granularityOptions },
    ],
  },
  schema,
  compile: (config, env) =>
    compileCountedLimit(
      {
        type: 'Quota',
        ...config,
        period: 'month',
        code: 'quota_exceeded',
        message: `Quota exceeded: at most ${config.limit} requests per month.`,
      },
      env,
    ),
};
