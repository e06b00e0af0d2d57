/**
 * A Discord session as the gateway holds it: who it is (token, shard, intents), its sequence and a
 * bounded log of its dispatches, which survive the connection so a Resume can replay them.
 */
import type { TestGatewayConnection } from './connection.js';
import type { ResolvedToken } from './options.js';

export interface LoggedDispatch {
  readonly s: number;
  readonly t: string;
  readonly d: unknown;
}

/**
 * `active`: a connection carries it. `detached`: its connection dropped; resumable until the
 * session timeout. `timedOut`: Resume gets 4009. `invalidated`: ended (1000/1001 from the client,
 * op 9 false, a close that ends sessions); Resume gets op 9 false.
 */
export type TestGatewaySessionState = 'active' | 'detached' | 'timedOut' | 'invalidated';

export class TestGatewaySession {
  /** Last sequence number used. */
  seq = 0;
  state: TestGatewaySessionState = 'active';
  connection: TestGatewayConnection | null;
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
    connection: TestGatewayConnection,
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
