/**
 * When a failed delivery is tried again: the Standard Webhooks schedule — immediately, then 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure — each wait stretched or shortened by
 * up to 10 % at random, so endpoints recovering from an outage are not hit by every retry at once.
 */
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** Wait before attempt n (index n − 1); the first attempt is immediate. */
export const retrySchedule = [0, 5 * second, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour];

export const maxAttempts = retrySchedule.length;

/** Days of failures, with no success between, after which an endpoint is turned off. */
export const failingDaysToDisable = 5;
export const failingPeriodToDisable = failingDaysToDisable * 24 * hour;

/** How long the delivery log keeps a finished delivery. */
export const logRetention = 30 * 24 * hour;

/** How long a claimed delivery is left to its sender before another may take it (a crash mid-send). */
export const claimLease = 2 * minute;

/** When to try again after `attempts` failed attempts; null when they have run out. */
export function nextAttemptAfter(attempts: number, now: Date, random: () => number = Math.random): Date | null {
  const wait = retrySchedule[attempts];
  if (wait === undefined) return null;
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return new Date(now.getTime() + Math.round(wait * jitter));
}
