import { describeIfMatchRace } from './if-match-race';

// Needs TEST_DATABASE_URL (vitest.config.mts runs *.postgres.test.ts only then): the writers'
// transactions overlap on separate connections, where the advisory lock is what orders them.
describeIfMatchRace('PostgreSQL');
