/**
 * node:zlib, reached through `process.getBuiltinModule` (Node 20.16+ / 22.3+, Deno and Bun have it
 * too) instead of a static import. A static `import 'node:zlib'` makes every module that reaches
 * it unbundlable for the browser, although only two code paths use it: zlib-stream transport
 * decompression and ETF's compressed term (tag 80). Everything else (codecs, intents, protocol,
 * session) then bundles with `--platform=browser`, and those two paths report a typed error where
 * the runtime has no node:zlib.
 */
import type * as NodeZlib from 'node:zlib';

interface BuiltinModuleHost {
  readonly getBuiltinModule?: (id: string) => unknown;
}

let cached: typeof NodeZlib | null | undefined;

/** The node:zlib module, or null where the runtime has none (a browser, a worker without Node APIs). */
export function nodeZlib(): typeof NodeZlib | null {
  if (cached !== undefined) return cached;
  const host = (globalThis as { process?: BuiltinModuleHost }).process;
  let found: unknown = null;
  try {
    found = typeof host?.getBuiltinModule === 'function' ? host.getBuiltinModule('node:zlib') : null;
  } catch {
    found = null;
  }
  cached = (found ?? null) as typeof NodeZlib | null;
  return cached;
}

/**
 * node:zlib's `inflateSync`, or an `Error` saying the runtime has none (callers turn any inflate
 * failure into their own typed error).
 */
export function inflateSync(data: Uint8Array, options: NodeZlib.ZlibOptions): Buffer {
  const zlib = nodeZlib();
  if (zlib === null) throw new Error('this runtime has no node:zlib (zlib-compressed data needs Node, Deno or Bun)');
  return zlib.inflateSync(data, options);
}
