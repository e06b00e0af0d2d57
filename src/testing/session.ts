/**
 * A Discord session as the gateway holds it: who it is (token, shard, intents), its sequence and a
 * bounded log of its dispatches, which survive the connection so a Resume can replay them.
 */
import type { LoggedDispatch, ResolvedToken, TestGatewaySessionState } from './types.js';

export type { LoggedDispatch, TestGatewaySessionState } from './types.js';

/**
 * The session's record and log, written over the connection type so this file needs nothing from
 * connection.ts (which names sessions too): `TestGatewaySession` in connection.ts is this class over
 * `Connection`.
 */
export class SessionRecord<Connection> {
  /** Last sequence number used. */
  seq = 0;
  state: TestGatewaySessionState = 'active';
  connection: Connection | null;
  /** Dispatches with their sequence, oldest first, at most `logLimit` of them. */
  readonly log: LoggedDispatch[] = [];
  /** Sequence of the oldest dispatch the log still holds a successor for (a Resume from before it gets 4007). */
  private dropped = 0;
  /** @internal */ timeout: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly id: string,
    /** @internal */ readonly tokenRecord: ResolvedToken,
    readonly shard: readonly [number, number],
    readonly intents: number,
    connection: Connection,
    private readonly logLimit: number,
  ) {
    this.connection = connection;
  }

  get token(): string {
    return this.tokenRecord.token;
  }

  /** Records a dispatch under the next sequence number; `replay: false` numbers it without logging (READY, RESUMED). */
  record(t: string, d: unknown, replay = true): number {
    const s = ++this.seq;
    if (replay) {
      this.log.push({ s, t, d });
      if (this.log.length > this.logLimit) {
        const evicted = this.log.splice(0, this.log.length - this.logLimit);
        this.dropped = evicted[evicted.length - 1]!.s;
      }
    }
    return s;
  }

  /** Whether a Resume from `seq` can be served: not past the present, not before the log. */
  canReplayFrom(seq: number): boolean {
    return Number.isSafeInteger(seq) && seq >= this.dropped && seq <= this.seq;
  }

  /** The dispatches after `seq`, in order. */
  since(seq: number): LoggedDispatch[] {
    return this.log.filter((e) => e.s > seq);
  }
}
