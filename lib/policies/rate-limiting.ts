import { z } from 'zod';

export const ratePeriods = ['second', 'minute', 'hour', 'day', 'month'] as const;
export const rateGranularities = ['client', 'api', 'ip'] as const;

export const rateLimitingConfig = z.object({
  limit: z.coerce.number().int('Enter a whole number').min(1, 'The limit is at least 1').max(1_000_000_000),
  period: z.enum(ratePeriods, 'Choose a period'),
  granularity: z.enum(rateGranularities, 'Choose a granularity'),
});

export type RateLimitingConfig = z.infer<typeof rateLimitingConfig>;

const granularityWords: Record<RateLimitingConfig['granularity'], string> = {
  client: 'per client',
  api: 'per API',
  ip: 'per IP address',
};

/** "100 requests per minute per client" */
export function describeRateLimiting(config: RateLimitingConfig): string {
  const noun = config.limit === 1 ? 'request' : 'requests';
  return `${config.limit} ${noun} per ${config.period} ${granularityWords[config.granularity]}`;
}
