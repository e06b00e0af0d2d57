/**
 * Publishes dispatches without losing them to a short Redis outage: each goes out at once
 * (pipelined, like any other command), and one that fails waits in a bounded buffer and is retried
 * with backoff until Redis answers. Order across a retry is not kept; consumers order and
 * deduplicate by the envelope's `seq` and `session_id:seq`, which the retry keeps.
 */
import type { DispatchEnvelope, DispatchPublisher } from './fan-out.js';
import { RedisCoordinationError, RedisCoordinationErrorCodes, asRedisError } from './errors.js';

export interface PublishOutboxOptions {
  /** Failed dispatches kept for retrying (default 10 000); beyond it the oldest is dropped and reported. */
  maxBuffered?: number;
  /** First retry delay and cap, ms (default 100 and 5000). */
  retryBackoffMs?: readonly [number, number];
  onError?: (error: unknown) => void;
}

export interface PublishOutbox {
  publish(dispatch: Omit<DispatchEnvelope, 'schema'>): void;
  /** Dispatches waiting for a retry. */
  readonly buffered: number;
  /** Resolves once nothing is in flight or buffered, or rejects with the last error after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
  /** Stop retrying (what is still buffered is dropped and reported). */
  close(): void;
}

/** Wraps a publisher so a failed publish is kept (bounded) and retried with backoff instead of lost. */
export function createPublishOutbox(publisher: DispatchPublisher, options: PublishOutboxOptions = {}): PublishOutbox {
  const max = options.maxBuffered ?? 10_000;
  const [base, cap] = options.retryBackoffMs ?? [100, 5000];
  const buffer: Omit<DispatchEnvelope, 'schema'>[] = [];
  let inFlight = 0;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let lastError: Error | null = null;
  const idle: (() => void)[] = [];

  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // A listener's bug must not stop publishing.
    }
  };
  const settle = (): void => {
    if (inFlight === 0 && buffer.length === 0) for (const resolve of idle.splice(0)) resolve();
  };
  const keep = (dispatch: Omit<DispatchEnvelope, 'schema'>): void => {
    if (closed) return;
    buffer.push(dispatch);
    if (buffer.length > max) {
      const dropped = buffer.shift()!;
      report(
        new RedisCoordinationError(
          RedisCoordinationErrorCodes.Unavailable,
          `publish buffer full (${max}): dropped ${dropped.t} ${dropped.session_id}:${dropped.seq}`,
          { shardId: dropped.shard },
        ),
      );
    }
    scheduleRetry();
  };
  const scheduleRetry = (): void => {
    if (timer !== null || closed || buffer.length === 0) return;
    const delay = Math.random() * Math.min(cap, base * 2 ** Math.min(failures, 20));
    timer = setTimeout(() => {
      timer = null;
      const batch = buffer.splice(0);
      for (const d of batch) send(d, true);
    }, delay);
    // Retrying must not keep a process alive that has nothing else to do.
    timer.unref?.();
  };
  const send = (dispatch: Omit<DispatchEnvelope, 'schema'>, retry: boolean): void => {
    inFlight++;
    publisher.publish(dispatch).then(
      () => {
        inFlight--;
        if (retry) failures = 0;
        settle();
      },
      (error: unknown) => {
        inFlight--;
        lastError = asRedisError(error);
        if (error instanceof RedisCoordinationError && error.code === RedisCoordinationErrorCodes.BadEnvelope) {
          report(error); // retrying cannot fix it
        } else {
          if (retry || failures === 0) report(error);
          failures++;
          keep(dispatch);
        }
        settle();
      },
    );
  };

  return {
    publish(dispatch) {
      if (closed) return;
      send(dispatch, false);
    },
    get buffered() {
      return buffer.length;
    },
    drain(timeoutMs = 5000) {
      if (inFlight === 0 && buffer.length === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => {
          const at = idle.indexOf(done);
          if (at >= 0) idle.splice(at, 1);
          reject(lastError ?? new RedisCoordinationError(RedisCoordinationErrorCodes.Unavailable, 'publishing did not finish in time'));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(t);
          resolve();
        };
        idle.push(done);
      });
    },
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (buffer.length > 0) {
        report(
          new RedisCoordinationError(
            RedisCoordinationErrorCodes.Closed,
            `closed with ${buffer.length} dispatches not published (Redis unavailable)`,
          ),
        );
      }
      buffer.length = 0;
      settle();
    },
  };
}
