import type { Express } from 'express';

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[]; router?: { stack?: Layer[] } };
}

/**
 * Every route the app mounts, read from its router (express 5: layers carry their raw path),
 * so a test can insist that each has an entry: a new route without one fails it.
 */
export function mountedRoutes(app: Express): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) if (method !== '_all') out.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
      } else if (layer.handle?.stack ?? layer.handle?.router?.stack) {
        // A router, or a whole sub-application (the queue view) mounted under a path.
        const at = layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '';
        walk((layer.handle.stack ?? layer.handle.router?.stack)!, prefix + at);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}
