/** Paths anyone may open without signing in. */
const publicPaths = [
  /^\/login$/,
  /^\/register$/,
  /^\/api\/auth(\/|$)/,
  /^\/api\/(health|ready)$/,
  /^\/demo\/echo(\/|$)/,
  /^\/gateway(\/|$)/,
];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((pattern) => pattern.test(pathname));
}

/** Every path of the console area, whatever it ends with. */
export function isConsolePath(pathname: string): boolean {
  return pathname === '/console' || pathname.startsWith('/console/');
}
