/**
 * A fake-clock driver for the session state machine: a test plays the server by feeding JSON
 * payloads, moves time with `advance`, and inspects everything the session asked for.
 */
import {
  createGatewaySession,
  type GatewaySession,
  type GatewaySessionOptions,
  type GatewaySessionOutput,
  type SessionSendAction,
} from '../../src/session/index.js';

export const TOKEN = 'Bot test-token';
export const BASE = 'wss://gateway.discord.gg';
export const RESUME_HOST = 'wss://gateway-us-east1-c.discord.gg';

/** Deterministic "random" source that cycles through the given values. */
export function sequenceRandom(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

export interface SentPayload {
  op: number;
  d: unknown;
}

export class FakeDriver {
  readonly session: GatewaySession;
  now = 1_000_000;
  /** Every output ever drained, in order. */
  readonly log: GatewaySessionOutput[] = [];
  /** Close codes the session ever asked for (to check the WHATWG range). */
  readonly closeCodes: number[] = [];

  constructor(options: Partial<GatewaySessionOptions> = {}) {
    this.session = createGatewaySession({
      token: TOKEN,
      intents: 513,
      encoding: 'json',
      properties: { os: 'linux', browser: 'gatewire', device: 'gatewire' },
      random: () => 0.5,
      now: this.now,
      ...options,
    });
    this.pump();
  }

  /** Drain the session into the log; returns what was drained. */
  pump(): GatewaySessionOutput[] {
    const out = this.session.drain();
    for (const o of out) if (o.type === 'close') this.closeCodes.push(o.code);
    this.log.push(...out);
    return out;
  }

  /** Move the clock, firing `tick` at every deadline on the way, like an adapter's timer would. */
  advance(ms: number): GatewaySessionOutput[] {
    const end = this.now + ms;
    const out: GatewaySessionOutput[] = [];
    for (let guard = 0; guard < 100_000; guard++) {
      const at = this.session.nextDeadline();
      if (at === null || at > end) break;
      this.now = Math.max(this.now, at);
      this.session.tick(this.now);
      out.push(...this.pump());
    }
    this.now = end;
    this.session.tick(this.now);
    out.push(...this.pump());
    return out;
  }

  open(): GatewaySessionOutput[] {
    this.session.open(this.now);
    return this.pump();
  }

  server(payload: { op: number; d?: unknown; s?: number | null; t?: string | null }): GatewaySessionOutput[] {
    this.session.receive(JSON.stringify({ s: null, t: null, d: null, ...payload }), this.now);
    return this.pump();
  }

  hello(interval = 40_000): GatewaySessionOutput[] {
    return this.server({ op: 10, d: { heartbeat_interval: interval } });
  }

  dispatch(t: string, s: number, d: unknown = {}): GatewaySessionOutput[] {
    return this.server({ op: 0, t, s, d });
  }

  ready(s = 1, sessionId = 'sess-1', resumeUrl = RESUME_HOST): GatewaySessionOutput[] {
    return this.dispatch('READY', s, {
      v: 10,
      session_id: sessionId,
      resume_gateway_url: resumeUrl,
      user: { id: '1' },
      guilds: [],
    });
  }

  closed(code?: number, reason = ''): GatewaySessionOutput[] {
    this.session.closed(code, reason, this.now);
    return this.pump();
  }

  /** Connect + Hello + READY: an established session. */
  establish(interval = 40_000): void {
    this.open();
    this.hello(interval);
    this.advance(0);
    this.ready();
  }
}

export function sends(out: readonly GatewaySessionOutput[]): SentPayload[] {
  return out
    .filter((o): o is SessionSendAction => o.type === 'send')
    .map((o) => JSON.parse(typeof o.data === 'string' ? o.data : new TextDecoder().decode(o.data)) as SentPayload);
}

export function ofType<T extends GatewaySessionOutput['type']>(
  out: readonly GatewaySessionOutput[],
  type: T,
): Extract<GatewaySessionOutput, { type: T }>[] {
  return out.filter((o): o is Extract<GatewaySessionOutput, { type: T }> => o.type === type);
}
