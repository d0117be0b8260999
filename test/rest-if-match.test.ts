import { describeIfMatchRace } from './if-match-race';

// PGlite unless TEST_DATABASE_URL is set (rest-if-match.postgres.test.ts is the PostgreSQL run).
describeIfMatchRace(process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite');
