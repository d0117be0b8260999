import { closeDatabase, getDatabase } from '@/db';

async function main() {
  await getDatabase().migrate();
  console.log('Migrations applied.');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
