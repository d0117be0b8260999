import type http from 'node:http';
import { isGatewayPath, type Gateway } from '@/gateway';
import { sendGatewayError } from '@/gateway/errors';
import type { FirstHandler } from './http-server';

/**
 * What the app's port does with `/gateway/…`: serves it when the gateway shares the port; when
 * the gateway has a port of its own, answers the gateway's 404 — a backend's answer then never
 * comes from the console's origin, whatever link someone follows.
 */
export function appPortGateway(gateway: Pick<Gateway, 'handle'>, ownPort: number | null): FirstHandler {
  if (ownPort === null) return (req, res) => gateway.handle(req, res);
  return (req, res) => {
    if (!isGatewayPath(req.url ?? '/')) return false;
    sendGatewayError(res, 'not_found');
    return true;
  };
}

/** Stops taking connections, lets calls in flight finish, and resolves once none is left. */
export function closeGatewayServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
