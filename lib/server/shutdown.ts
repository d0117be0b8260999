/**
 * Work that must finish before the process exits (the metrics buffer, for one): registered with
 * `onShutdown`, run once by the start script after in-flight requests finished and before the
 * database closes. Kept on globalThis: the Next.js bundle registers into the same list the start
 * script runs.
 */
type Hook = { name: string; run: () => Promise<void> | void };
const key = Symbol.for('portico.shutdown-hooks');
type Holder = { [key]?: Hook[] };
const hooks = (): Hook[] => ((globalThis as Holder)[key] ??= []);

/** Registers a hook; returns its removal (for something that stops earlier on its own). */
export function onShutdown(name: string, run: Hook['run']): () => void {
  const hook = { name, run };
  hooks().push(hook);
  return () => {
    const list = hooks();
    const index = list.indexOf(hook);
    if (index >= 0) list.splice(index, 1);
  };
}

/** Runs every hook, most recent first, each at most `timeoutMs`; a failing hook does not stop the rest. */
export async function runShutdownHooks(
  onError: (name: string, error: unknown) => void,
  timeoutMs = 5_000,
): Promise<void> {
  const list = hooks().splice(0).reverse();
  for (const hook of list) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(hook.run),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      onError(hook.name, error);
    } finally {
      clearTimeout(timer);
    }
  }
}
