/** Paths anyone may open without signing in. */
const publicPaths = [
  /^\/login$/,
  /^\/register$/,
  /^\/api\/auth(\/|$)/,
  /^\/api\/(health|ready)$/,
  /^\/demo\/echo(\/|$)/,
  /^\/gateway(\/|$)/,
  /^\/(favicon|logo)\.svg$/, // public/ files a signed-out browser asks for (favicon)
];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((pattern) => pattern.test(pathname));
}

/** Every path of the console area, whatever it ends with. */
export function isConsolePath(pathname: string): boolean {
  return pathname === '/console' || pathname.startsWith('/console/');
}
