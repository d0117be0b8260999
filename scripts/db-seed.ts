import { closeDatabase, getDatabase } from '@/db';
import { isEmpty, seedDemoData } from '@/lib/demo/seed';
import { env } from '@/lib/env';

/** Seeds the demo data into an empty database (embedded, or DATABASE_URL's). */
async function main() {
  const database = getDatabase();
  await database.migrate();
  if (!(await isEmpty(database.db))) {
    console.log('The database already has users: demo data not seeded.');
    return;
  }
  await seedDemoData(database.db, `http://127.0.0.1:${env('PORT')}`);
  console.log('Demo data seeded.');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
