import { it } from 'vitest';
import { createTestDatabase } from './database';
it('timing', async () => {
  for (let i = 0; i < 3; i++) {
    const t = Date.now();
    const d = await createTestDatabase();
    const t2 = Date.now();
    await d.cleanup();
    console.log('create', t2 - t, 'cleanup', Date.now() - t2);
  }
});
