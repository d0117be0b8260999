import { z } from 'zod';
import type { PolicyTypeModule } from '../contract';
import { limits, lineOrStored, lines, linesOf, refuse } from './shared';

export const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
type Weekday = (typeof weekdays)[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter times as HH:MM (UTC)');
const windowObject = z
  .object({
    days: z.array(z.enum(weekdays, 'Choose days among Mon … Sun')).min(1, 'Choose at least one day'),
    from: time,
    to: time,
  })
  .refine((w) => w.from !== w.to, 'A window must not be empty: from and to differ');

const dayOf = (name: string) => weekdays.findIndex((d) => d.toLowerCase() === name.toLowerCase());

/** "Mon-Fri", "Sat,Sun", "Fri-Mon": day names, lists and ranges (ranges may wrap past Sunday). */
function parseDays(text: string): Weekday[] | null {
  const days = new Set<Weekday>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const [first = '', last, extra] = part.split('-').map((d) => d.trim());
    const from = dayOf(first);
    const to = last === undefined ? from : dayOf(last);
    if (from < 0 || to < 0 || extra !== undefined) return null;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(weekdays[d] as Weekday);
      if (d === to) break;
    }
  }
  return weekdays.filter((d) => days.has(d));
}

/** One window per form line: "Mon-Fri 08:00-18:00"; a stored window is already an object. */
const windowLine = lineOrStored((line) => {
  const match = /^(.+?)\s+(\d\d:\d\d)\s*[-–]\s*(\d\d:\d\d)$/.exec(line);
  const days = match ? parseDays(match[1] ?? '') : null;
  if (!match || !days) return `Write each window as days and times, e.g. Mon-Fri 08:00-18:00 (not “${line}”)`;
  const parsed = windowObject.safeParse({ days, from: match[2], to: match[3] });
  return parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? 'Invalid window');
}, windowObject);

const schema = z.preprocess(
  // Configurations stored before several windows existed held one window's fields at the top.
  (v) =>
    v && typeof v === 'object' && !('windows' in v) && 'from' in v
      ? { windows: [{ ...v, days: lines((v as { days?: unknown }).days) }] }
      : v,
  z.object({
    windows: linesOf(windowLine, limits.windows, 'windows').pipe(
      z.array(windowObject).min(1, 'Enter at least one window'),
    ),
  }),
);

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const minutesPerWeek = 7 * 24 * 60;

/**
 * Calls pass only inside one of the UTC windows. A window whose end is before its start runs past
 * midnight into the next day (Fri 22:00-02:00 ends Saturday 02:00). Compiled into one bit per
 * minute of the week, so a call costs one array read.
 */
export const timeRestrictedAccess: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'Time Restricted Access',
    fields: [
      {
        name: 'windows',
        label: 'Windows (UTC)',
        kind: 'lines',
        hint: 'One window per line: days then from-to in UTC, e.g. Mon-Fri 08:00-18:00 or Sat,Sun 22:00-02:00 (at most 50).',
      },
    ],
  },
  schema,
  compile({ windows }) {
    const open = new Uint8Array(minutesPerWeek);
    for (const window of windows) {
      const from = minutesOf(window.from);
      const length = (minutesOf(window.to) - from + 1440) % 1440;
      for (const day of window.days) {
        const start = weekdays.indexOf(day) * 1440 + from;
        for (let m = 0; m < length; m++) open[(start + m) % minutesPerWeek] = 1;
      }
    }
    return {
      request(call) {
        const at = new Date(call.request.receivedAt);
        const day = (at.getUTCDay() + 6) % 7; // Monday first
        if (open[day * 1440 + at.getUTCHours() * 60 + at.getUTCMinutes()]) return undefined;
        return refuse('TimeRestrictedAccess', 403, 'time_restricted', 'This API cannot be called at this time.');
      },
    };
  },
};
