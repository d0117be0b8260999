import type { Profile } from '@/lib/auth/permissions';

/**
 * The demo people: seeded by lib/demo/seed.ts, listed at start-up, handed to Vitest by test/world.ts and
 * signed in as by the end-to-end suite (e2e/fixtures.ts). Plain data, so the Playwright runner can
 * import it without the app.
 */
export const demoPassword = 'portico-demo';

export interface DemoPerson {
  email: string;
  name: string;
  profile: Profile;
  description: string;
}

export const demoPeople = {
  admin: {
    email: 'admin@example.com',
    name: 'Ada Admin',
    profile: 'admin',
    description: 'admin, everything everywhere',
  },
  editor: {
    email: 'editor@example.com',
    name: 'Eddie Editor',
    profile: 'user',
    description: 'Editor and User Manager of both organizations',
  },
  viewer: { email: 'viewer@example.com', name: 'Vera Viewer', profile: 'user', description: 'Viewer of ACME Support' },
  developer: {
    email: 'developer@example.com',
    name: 'Dev Developer',
    profile: 'developer',
    description: 'portal developer, Editor of ACME development team',
  },
} as const satisfies Record<string, DemoPerson>;

export type DemoPersonKey = keyof typeof demoPeople;

export const demoPersonKeys = Object.keys(demoPeople) as DemoPersonKey[];
