import { createRequire } from 'node:module';

/**
 * Outside Next.js, `server-only` throws on import (it is meant to fail in a client bundle); Next
 * resolves it to nothing on the server, and so does Vitest (vitest.config.mts). A script that runs
 * server code under tsx — the REST bench — imports this first, and the module is already loaded, empty.
 */
const require = createRequire(__filename);
const resolved = require.resolve('server-only');
require.cache[resolved] = { id: resolved, filename: resolved, loaded: true, exports: {} } as NodeJS.Module;
