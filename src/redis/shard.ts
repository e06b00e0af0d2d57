/**
 * Runs one gatewire session as a shard of a multi-process bot: the lease and the stored session
 * from the Redis session store, identifies through the Redis identify queue, every dispatch
 * recorded (batched) and optionally published to Redis Streams, and a graceful shutdown that
 * keeps the session resumable for whichever process takes the shard next.
 *
 * The session's identify gate (`IdentifyGate.reserve`) is synchronous and the queue is not, so the
 * queue is put in front of the connection instead (`identifyQueueTransport`): a connection that
 * will identify is opened only once its slot is granted, and the session's gate then lets the
 * Identify out at once. If the socket took longer than the queue's safety margin to bring Hello,
 * the slot is too old to use: the frames are held and a new slot is taken, ahead of every other
 * waiter of the bucket. So an Identify always leaves within the margin of its grant, and grants are
 * interval + margin apart: identifies of a bucket are at least the interval apart.
 *
 * (With an asynchronous identify hook in the session — awaited after Hello, as @discordjs/ws's
 * throttler is — the wrapper and the re-take of late slots would not be needed.)
 */
import type { GatewaySession, GatewaySessionEvent, GatewaySessionOptions, IdentifyGate } from '../session/index.js';
import { createGatewaySession } from '../session/index.js';
import { runWithTransport, type GatewayConnection, type Transport, type TransportSocket } from '../session/runner.js';
import type { DispatchPublisher } from './fan-out.js';
import type { RedisIdentifyQueue } from './identify-queue.js';
import type { RedisSessionStore, ShardLease, StoredSessionInfo } from './session-store.js';
import { RedisCoordinationError, RedisCoordinationErrorCodes } from './errors.js';
import { createPublishOutbox, type PublishOutboxOptions } from './outbox.js';

/**
 * An identify gate for sessions whose connections `identifyQueueTransport` already paced: it lets
 * the Identify out at once. `now` must be the clock the session is driven with.
 */
export function createPreGrantedIdentifyGate(now: () => number = () => performance.now()): IdentifyGate {
  return { reserve: () => now(), now };
}

export interface IdentifyQueueTransportOptions {
  /** The transport that opens real sockets (gatewire/session/ws's `wsTransport()`, ...). */
  transport: Transport;
  queue: RedisIdentifyQueue;
  shardId: number;
  /** True when the connection about to open will resume (then it needs no slot): `() => session.resumeInfo() !== null`. */
  willResume: () => boolean;
  /** The queue could not grant a slot (Redis unavailable in `throw` mode, budget spent): the connection fails and the session retries with backoff. */
  onError?: (error: unknown) => void;
}

/**
 * Wraps a transport so that every connection that will identify waits for an identify-queue slot
 * before it opens. A failed wait is a failed connection: the session reconnects with its backoff.
 */
export function identifyQueueTransport(options: IdentifyQueueTransportOptions): Transport {
  const { transport, queue, shardId } = options;
  return (url, handlers) => {
    if (options.willResume()) return transport(url, handlers);
    const controller = new AbortController();
    let real: TransportSocket | null = null;
    let closed = false;
    let requestedAt = 0;
    /** Frames held while a late slot is replaced; null once they flow. */
    let held: (string | Uint8Array | ArrayBuffer)[] | null = null;
    let checked = false;
    const finish = (code: number | undefined, reason: string): void => {
      if (closed) return;
      closed = true;
      controller.abort();
      handlers.onClose(code, reason);
    };
    const fail = (error: unknown): void => {
      if (closed) return;
      try {
        options.onError?.(error);
      } catch {
        // A listener's bug must not wedge the connection.
      }
      real?.terminate();
      finish(undefined, `identify queue: ${error instanceof Error ? error.message : String(error)}`);
    };
    const onMessage = (data: string | Uint8Array | ArrayBuffer): void => {
      if (closed) return;
      if (held !== null) {
        held.push(data);
        return;
      }
      if (!checked) {
        checked = true;
        if (performance.now() - requestedAt > queue.safetyMarginMs) {
          held = [data];
          queue.acquire(shardId, controller.signal, { priority: true }).then(() => {
            if (closed) return;
            const frames = held!;
            held = null;
            for (const frame of frames) {
              if (closed) return;
              handlers.onMessage(frame);
            }
          }, fail);
          return;
        }
      }
      handlers.onMessage(data);
    };
    queue.acquire(shardId, controller.signal).then((grant) => {
      if (closed) return;
      requestedAt = grant.requestedAt;
      try {
        real = transport(url, {
          onOpen: () => {
            if (!closed) handlers.onOpen();
          },
          onMessage,
          onClose: (code, reason) => finish(code, reason),
        });
      } catch {
        finish(undefined, 'connection could not be created');
      }
    }, fail);
    return {
      send: (data) => {
        if (real !== null && !closed) real.send(data);
      },
      close: (code, reason) => {
        if (real !== null) real.close(code, reason);
        else queueMicrotask(() => finish(code, reason));
      },
      terminate: () => {
        controller.abort();
        if (real !== null) real.terminate();
        // The runner counts sockets by their close report, even for one it dropped.
        queueMicrotask(() => finish(undefined, 'terminated'));
      },
      isOpen: () => !closed && real !== null && real.isOpen(),
    };
  };
}

export interface RedisShardOptions extends Omit<GatewaySessionOptions, 'now' | 'identifyScheduler' | 'resume' | 'shard'> {
  shardId: number;
  shardCount: number;
  /** Opens sockets: gatewire/session/ws's `wsTransport()` or gatewire/session/websocket's. */
  transport: Transport;
  identifyQueue: RedisIdentifyQueue;
  sessionStore: RedisSessionStore;
  /** Publish every dispatch to Redis Streams (retried through a bounded buffer while Redis is away). */
  publisher?: DispatchPublisher;
  /** Buffer and backoff of the publishing retries. */
  publishRetry?: Omit<PublishOutboxOptions, 'onError'>;
  /** Every session event, as from runWithTransport. */
  onEvent?: (event: GatewaySessionEvent) => void;
  /** Failures handled without stopping the shard (a publish or store write that failed, a queue wait). */
  onError?: (error: unknown) => void;
  /** Abort waiting for the lease. */
  signal?: AbortSignal;
  /** Monotonic clock (default performance.now). */
  now?: () => number;
}

export interface RedisShard {
  readonly shardId: number;
  readonly lease: ShardLease;
  readonly connection: GatewayConnection;
  readonly session: GatewaySession;
  /** Whether it started by resuming a stored session. */
  readonly resumedFromStore: boolean;
  /**
   * Graceful stop: close with a code that keeps the session resumable (ClientCloseCodes.Resumable),
   * write the final state and release the lease, so the next owner resumes instead of identifying.
   */
  shutdown(): Promise<void>;
}

/** Take the shard's lease (waiting for a dead holder's to expire), then run it. */
export async function runShardWithRedis(options: RedisShardOptions): Promise<RedisShard> {
  const { shardId, shardCount, identifyQueue, sessionStore: store, publisher } = options;
  const now = options.now ?? (() => performance.now());
  const lease = await store.waitForLease(shardId, options.signal);
  let stored: StoredSessionInfo | null;
  try {
    stored = await store.load(shardId);
  } catch (error) {
    await store.releaseLease(shardId).catch(() => {});
    throw error;
  }
  // A session identified under another shard count is not this shard's any more.
  if (stored !== null && stored.shardCount !== shardCount) stored = null;
  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // ignored: the caller's bug must not stop the shard
    }
  };
  const {
    transport,
    onEvent,
    onError: _onError,
    signal: _signal,
    sessionStore: _store,
    identifyQueue: _queue,
    publisher: _publisher,
    shardId: _shardId,
    shardCount: _shardCount,
    publishRetry,
    ...sessionOptions
  } = options;
  const outbox = publisher === undefined ? undefined : createPublishOutbox(publisher, { ...publishRetry, onError: report });
  const session = createGatewaySession({
    ...sessionOptions,
    shard: [shardId, shardCount],
    identifyScheduler: createPreGrantedIdentifyGate(now),
    now: now(),
    ...(stored === null
      ? {}
      : { resume: { sessionId: stored.sessionId, sequence: stored.sequence, resumeGatewayUrl: stored.resumeURL } }),
  });
  let stopping = false;
  const record = (): void => {
    if (stopping && lease.signal.aborted) return;
    const info = session.resumeInfo();
    if (info === null || store.lease(shardId) === undefined) return;
    try {
      store.update(shardId, {
        sessionId: info.sessionId,
        resumeURL: info.resumeGatewayUrl,
        sequence: info.sequence,
        shardCount,
        shardId,
      });
    } catch (error) {
      report(error);
    }
  };
  const connection = runWithTransport(
    session,
    identifyQueueTransport({
      transport,
      queue: identifyQueue,
      shardId,
      willResume: () => session.resumeInfo() !== null,
      onError: report,
    }),
    {
      now,
      onEvent(event) {
        if (event.type === 'dispatch' || event.type === 'unknownDispatch') {
          record();
          const info = session.resumeInfo();
          if (outbox !== undefined && info !== null) {
            outbox.publish({ shard: shardId, session_id: info.sessionId, seq: event.s, t: event.t, d: event.d });
          }
        }
        onEvent?.(event);
      },
    },
  );
  const onLost = (): void => {
    // Another process owns the shard now and will resume the session: leave it intact (3000).
    report(lease.signal.reason);
    void connection.close({ keepSession: true });
  };
  lease.signal.addEventListener('abort', onLost, { once: true });
  let shutdown: Promise<void> | null = null;
  return {
    shardId,
    lease,
    connection,
    session,
    resumedFromStore: stored !== null,
    shutdown() {
      shutdown ??= (async () => {
        stopping = true;
        lease.signal.removeEventListener('abort', onLost);
        await connection.close({ keepSession: true });
        record();
        if (outbox !== undefined) {
          await outbox.drain().catch(report);
          outbox.close();
        }
        if (store.lease(shardId) === undefined) return;
        try {
          await store.releaseLease(shardId);
        } catch (error) {
          if (!(error instanceof RedisCoordinationError && error.code === RedisCoordinationErrorCodes.LeaseLost)) throw error;
        }
      })();
      return shutdown;
    },
  };
}
