/** What the end-to-end tests share: the codecs to run over, and an identify scheduler fast enough for tests. */
import { IdentifyScheduler } from '../../src/protocol/index.js';
import type { IdentifyGate, SessionCodec } from '../../src/session/index.js';

export function e2eCodecs(): { name: string; encoding: 'json' | 'etf'; codec?: SessionCodec }[] {
  // ETF uses the session's default codec (gatewire/etf); the loopback server (gatewire/testing)
  // encodes with gatewire/etf too, snowflakes as 64-bit integers; test/etf checks that encoder
  // against Erlang's own term_to_binary/binary_to_term.
  return [
    { name: 'JSON', encoding: 'json' },
    { name: 'ETF', encoding: 'etf' },
  ];
}

/** One bucket, 20 ms apart instead of 5 s, on the adapters' clock. */
export function fastIdentifyScheduler(clock: () => number): IdentifyGate {
  return new IdentifyScheduler({ maxConcurrency: 1, interval: 20, clock });
}
