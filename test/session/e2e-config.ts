/** What the end-to-end tests share: the codecs to run over, and an identify scheduler fast enough for tests. */
import { fallbackIdentifyGate } from '../../src/session/deps.js';
import type { IdentifyGate, SessionCodec } from '../../src/session/index.js';

export function e2eCodecs(): { name: string; encoding: 'json' | 'etf'; codec?: SessionCodec }[] {
  return [{ name: 'JSON', encoding: 'json' }];
}

/** One bucket, 20 ms apart instead of 5 s, on the adapters' clock. */
export function fastIdentifyScheduler(clock: () => number): IdentifyGate {
  return fallbackIdentifyGate(1, clock, 20);
}
