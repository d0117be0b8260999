import { z } from 'zod';
import type { CallState, PolicyTypeModule, RequestOutcome } from '../contract';
import { subjectOf, windowOf } from './counting';
import { refuse, wholeNumber } from './shared';

const directions = ['upload', 'download', 'both'] as const;

const schema = z.object({
  limit: wholeNumber(1, 'a number of bytes', 1e15),
  direction: z.enum(directions, 'Choose a direction'),
  period: z.enum(['day', 'month'], 'Choose a period'),
});

/**
 * Bytes per day or month for each client (each address on a public API). The bytes are counted
 * on the streamed bodies when the call is done, so the call that crosses the limit completes and
 * the next one is refused.
 */
export const transferQuota: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'Transfer Quota',
    fields: [
      { name: 'limit', label: 'Bytes', kind: 'number' },
      {
        name: 'direction',
        label: 'Direction',
        kind: 'select',
        options: [
          { value: 'upload', label: 'Upload' },
          { value: 'download', label: 'Download' },
          { value: 'both', label: 'Both' },
        ],
      },
      {
        name: 'period',
        label: 'Period',
        kind: 'select',
        options: [
          { value: 'day', label: 'Day' },
          { value: 'month', label: 'Month' },
        ],
      },
    ],
  },
  schema,
  compile({ limit, direction, period }, env) {
    const keyOf = (call: CallState) => {
      const { start, end } = windowOf(period, call.request.receivedAt);
      return { key: `${env.policyId}:${period}:${subjectOf('client', call.request)}:${start}`, end };
    };
    const settle = (call: CallState, used: number, end: number): RequestOutcome => {
      if (used < limit) return undefined;
      const reset = Math.max(Math.ceil((end - call.request.receivedAt) / 1000), 1);
      return refuse(
        'TransferQuota',
        429,
        'transfer_quota_exceeded',
        `Transfer quota exceeded: at most ${limit} bytes per ${period}.`,
        {
          'Retry-After': String(reset),
        },
      );
    };
    return {
      request(call) {
        const { key, end } = keyOf(call);
        const used = env.counters.add(key, 0, end, call.request.receivedAt);
        return typeof used === 'number' ? settle(call, used, end) : used.then((n) => settle(call, n, end));
      },
      done(call, { bytesIn, bytesOut }) {
        const bytes = direction === 'upload' ? bytesIn : direction === 'download' ? bytesOut : bytesIn + bytesOut;
        if (bytes <= 0) return;
        const { key, end } = keyOf(call);
        // Counting must never hold up or fail a finished call; the store reports its own trouble.
        void Promise.resolve(env.counters.add(key, bytes, end, call.request.receivedAt)).catch(() => {});
      },
    };
  },
};
