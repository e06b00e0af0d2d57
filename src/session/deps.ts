/**
 * What the session needs from the rest of gatewire, as small interfaces. The state machine talks
 * only to these, so it can be driven in tests with fakes and so each concern stays in its own module.
 *
 * TEMPORARY: until src/etf, src/protocol and src/intents land, the functions marked `fallback`
 * below are minimal stand-ins. They are replaced by the real modules.
 */

/**
 * Turns a payload into bytes and bytes (or text) back into a payload (gatewire/json and
 * gatewire/etf codecs have this shape). `binary: false` means payloads travel in text frames.
 */
export interface SessionCodec {
  readonly binary?: boolean;
  encode(value: unknown): Uint8Array;
  decode(data: Uint8Array | string): unknown;
}

/** One per connection: push a WebSocket frame, get back every message it completes. */
export interface SessionDecompressor {
  push(frame: Uint8Array): Uint8Array[];
  /** Releases the context when the connection is over. */
  close?(): void;
}

/** What a close code asks for. */
export type CloseAction = 'resume' | 'identify' | 'fatal';

/**
 * Hands out identify slots (gatewire/protocol's IdentifyScheduler has this shape). `reserve` returns
 * the clock time at which this shard may send Identify; a slot, once reserved, is used or lost. The
 * scheduler reads its own clock, which must be the one the session is driven with.
 */
export interface IdentifyGate {
  reserve(shardId: number): number;
}

/** Per-connection limiter for non-priority commands: 0 when a command may go now, else ms to wait. */
export interface SendGate {
  acquire(now: number): number;
}

/** TEMPORARY stand-in for `closeCodeAction` of gatewire/protocol. */
export function fallbackCloseAction(code: number | undefined): CloseAction {
  if (code === 4004 || (code !== undefined && code >= 4010 && code <= 4014)) return 'fatal';
  if (code === 4003 || code === 4005 || code === 4007 || code === 4009) return 'identify';
  return 'resume';
}

/** TEMPORARY stand-in for the identify scheduler of gatewire/protocol: one slot per bucket per 5 s. */
export function fallbackIdentifyGate(maxConcurrency: number, clock: () => number, interval = 5000): IdentifyGate {
  const next = new Map<number, number>();
  return {
    reserve(shardId) {
      const now = clock();
      const bucket = shardId % maxConcurrency;
      const at = Math.max(now, next.get(bucket) ?? now);
      next.set(bucket, at + interval);
      return at;
    },
  };
}

/** TEMPORARY stand-in for the send limiter of gatewire/protocol: a sliding window. */
export function fallbackSendGate(heartbeatIntervalMs: number): SendGate {
  const reserve = Math.ceil(60_000 / heartbeatIntervalMs) + 1;
  const budget = Math.max(110, 120 - reserve);
  const log: number[] = [];
  return {
    acquire(now) {
      while (log.length > 0 && log[0]! <= now - 60_000) log.shift();
      if (log.length < budget) {
        log.push(now);
        return 0;
      }
      return log[0]! + 60_000 - now;
    },
  };
}

/** TEMPORARY stand-in for `gatewayUrl` of gatewire/protocol. */
export function fallbackGatewayUrl(base: string, query: { v: number; encoding: string; compress?: string }): string {
  const url = new URL(base);
  url.searchParams.set('v', String(query.v));
  url.searchParams.set('encoding', query.encoding);
  if (query.compress !== undefined) url.searchParams.set('compress', query.compress);
  else url.searchParams.delete('compress');
  return url.toString();
}

/** TEMPORARY stand-in for `resumeUrl` of gatewire/protocol: the resume host with the original query. */
export function fallbackResumeUrl(resumeGatewayUrl: string, original: string): string {
  const url = new URL(resumeGatewayUrl);
  const from = new URL(original);
  for (const [k, v] of from.searchParams) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Close codes this client sends itself. Browsers accept only 1000 and 3000–4999 in
 * `WebSocket.close`, and 4000–4014 are Discord's own, so "close but keep the session" uses a code in
 * 3000–3999 that can never be mistaken for one of Discord's. TEMPORARY until gatewire/protocol.
 */
export const fallbackClientCloseCodes = { endSession: 1000, keepSession: 3000 } as const;
