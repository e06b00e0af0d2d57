/**
 * What the test-gateway tests share: a checker that decodes every frame the server writes (from
 * the bytes on the wire: decompressed with a context per connection, then JSON or ETF) and
 * validates it with gatewire's receive validators in strict mode; and a polling wait.
 */
import { inflateSync } from 'node:zlib';
import {
  createZlibStreamInflater,
  createZstdStreamDecompressor,
  type StreamDecompressor,
} from '../../src/compression/index.js';
import { decode as etfDecode } from '../../src/etf/index.js';
import { safeParseReceive } from '../../src/validate/index.js';
import type { TestGatewayConnection, TestGatewayHooks } from '../../src/testing/index.js';

export interface FrameReport {
  /** Frames decoded from the wire and validated. */
  checked: number;
  /** Frames by `t` (dispatches) or `op:N`. */
  kinds: Map<string, number>;
  /** Strict-mode failures (the undocumented keys Discord sends are in the schemas): must stay empty. */
  failures: string[];
}

/** An `onFrame` hook that checks every frame as it goes on the wire. */
export function strictFrameChecker(): { hooks: TestGatewayHooks; report: FrameReport } {
  const report: FrameReport = { checked: 0, kinds: new Map(), failures: [] };
  const inflaters = new WeakMap<TestGatewayConnection, StreamDecompressor>();
  const hooks: TestGatewayHooks = {
    onFrame(conn, _frame, data) {
      let text: Uint8Array | string = data;
      if (conn.payloadCompression && typeof data !== 'string') text = inflateSync(data);
      else if (conn.compression !== null) {
        let inflater = inflaters.get(conn);
        if (inflater === undefined) {
          inflater = conn.compression === 'zlib-stream' ? createZlibStreamInflater() : createZstdStreamDecompressor();
          inflaters.set(conn, inflater);
        }
        const out = inflater.push(data as Uint8Array);
        if (out.length !== 1) {
          report.failures.push(`conn ${conn.id}: a compressed frame gave ${out.length} messages`);
          return;
        }
        text = out[0]!;
      }
      let payload: unknown;
      try {
        payload =
          conn.encoding === 'etf'
            ? etfDecode(text as Uint8Array, { normalize: true })
            : JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
      } catch (error) {
        report.failures.push(`conn ${conn.id}: undecodable frame: ${(error as Error).message}`);
        return;
      }
      const p = payload as { op: number; t: string | null };
      const kind = p.op === 0 ? String(p.t) : `op:${p.op}`;
      report.kinds.set(kind, (report.kinds.get(kind) ?? 0) + 1);
      report.checked++;
      const strict = safeParseReceive(payload, { mode: 'strict' });
      if (strict.success) return;
      if (strict.kind === 'unknown-event') {
        report.failures.push(`${kind}: unknown event`);
        return;
      }
      report.failures.push(`${kind}: ${strict.issues.map((i) => `${i.path} ${i.code}`).join(', ')}`);
    },
  };
  return { hooks, report };
}

/** Poll until `check` returns a truthy value (real time, bounded). */
export async function waitFor<T>(
  check: () => T | undefined | null | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

