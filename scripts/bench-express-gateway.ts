import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, startProcess, type Target } from './bench-gateway-targets';

/**
 * express-gateway with its key-auth policy, installed into a temporary folder at bench time (it is
 * not a project dependency). Throws with a reason when it cannot be installed or started.
 */
export async function startExpressGateway(backendUrl: string, dir: string): Promise<Target> {
  // Installed once per machine into the temporary folder and kept there: it takes minutes.
  const folder = path.join(os.tmpdir(), 'portico-bench-express-gateway');
  const eg = path.join(folder, 'node_modules', 'express-gateway');
  if (!existsSync(path.join(eg, 'package.json'))) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'eg-bench', private: true }));
    await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--silent', 'express-gateway@1'], {
      cwd: folder,
      timeout: 900_000,
    });
  }
  const models = path.join(eg, 'lib', 'config', 'models');
  const config = path.join(dir, 'express-gateway-config');
  mkdirSync(config, { recursive: true });
  cpSync(models, path.join(config, 'models'), { recursive: true });
  const [port, adminPort] = [await freePort(), await freePort()];
  writeFileSync(
    path.join(config, 'system.config.yml'),
    `db:
  redis:
    emulate: true
    namespace: EG
crypto:
  cipherKey: sensitiveKey
  algorithm: aes256
  saltRounds: 10
session:
  secret: bench
  resave: false
  saveUninitialized: false
accessTokens:
  timeToExpiry: 7200000
refreshTokens:
  timeToExpiry: 7200000
authorizationCodes:
  timeToExpiry: 300000
`,
  );
  writeFileSync(
    path.join(config, 'gateway.config.yml'),
    `http:
  port: ${port}
  hostname: 127.0.0.1
admin:
  port: ${adminPort}
  host: 127.0.0.1
apiEndpoints:
  api:
    host: '*'
    paths: '/*'
serviceEndpoints:
  backend:
    url: '${backendUrl}'
policies:
  - key-auth
  - proxy
pipelines:
  default:
    apiEndpoints:
      - api
    policies:
      - key-auth:
      - proxy:
          - action:
              serviceEndpoint: backend
              changeOrigin: true
`,
  );
  const { stop } = await startProcess(
    process.execPath,
    ['-e', `require(${JSON.stringify(eg)})().load(${JSON.stringify(config)}).run()`],
    { cwd: folder, env: { LOG_LEVEL: 'error', NODE_ENV: 'production' }, ready: null, cpus: 'measured' },
  );
  try {
    const admin = `http://127.0.0.1:${adminPort}`;
    await waitForHttp(`${admin}/users`);
    const post = async (what: string, body: unknown) => {
      const response = await fetch(`${admin}/${what}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`express-gateway admin ${what}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, string>;
    };
    await post('users', { username: 'bench', firstname: 'Bench', lastname: 'User' });
    const credential = await post('credentials', { consumerId: 'bench', type: 'key-auth', credential: {} });
    return {
      url: `http://127.0.0.1:${port}/items`,
      headers: { authorization: `apiKey ${credential.keyId}:${credential.keySecret}` },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
