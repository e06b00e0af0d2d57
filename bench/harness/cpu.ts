// The measuring protocol of the ratio benches (bench/anchors.ts, bench/receive.ts): process CPU
// time (user + system of all threads, so GC helper threads count against whoever made the
// garbage), not wall time, because the machine is shared and wall time swings 2-4× under load;
// all contenders in one process; each warmed up first (Ajv, TypeBox and zod need thousands of
// calls to reach their optimised code), then calibrated to a batch of `batchMs`; rounds run every
// contender once, rotating and reversing the order; the first rounds are thrown away; each result
// is the median over rounds of the ratio to the baseline measured in the same round.

export interface CompareOptions {
  readonly rounds?: number;
  readonly discard?: number;
  readonly batchMs?: number;
  readonly warmupMs?: number;
}

export interface RatioStats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** CPU ms per call of each contender, one entry per kept round (same round, same index). */
export type RoundTimes = Readonly<Record<string, readonly number[]>>;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Calls per batch so that one batch costs about `batchMs` of CPU, from `calls` made in `spentMs` of warm-up. */
function batchSize(calls: number, spentMs: number, batchMs: number): number {
  return Math.max(1, Math.round((calls * batchMs) / Math.max(1, spentMs)));
}

/** Round `r`'s running order: rotated by `r` and reversed every other round, so no contender always runs first or after the same one. */
function roundOrder(names: readonly string[], r: number): string[] {
  const k = r % names.length;
  const order = [...names.slice(k), ...names.slice(0, k)];
  if (r % 2 === 1) order.reverse();
  return order;
}

function timeCalls(fn: () => unknown, n: number): number {
  const t0 = cpuMs();
  for (let i = 0; i < n; i++) fn();
  return cpuMs() - t0;
}

/** Runs every contender, interleaved, and returns its CPU time per call in every kept round. */
export function measureRounds(contenders: Readonly<Record<string, () => unknown>>, options: CompareOptions = {}): RoundTimes {
  const { rounds = 9, discard = 2, batchMs = 20, warmupMs = 300 } = options;
  const names = Object.keys(contenders);
  const batch: Record<string, number> = {};
  for (const name of names) {
    const fn = contenders[name]!;
    const t0 = cpuMs();
    let calls = 0;
    while (cpuMs() - t0 < warmupMs) {
      fn();
      calls++;
    }
    batch[name] = batchSize(calls, cpuMs() - t0, batchMs);
  }
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds + discard; r++) {
    const order = roundOrder(names, r);
    const t: Record<string, number> = {};
    for (const name of order) t[name] = timeCalls(contenders[name]!, batch[name]!) / batch[name]!;
    if (r >= discard) for (const name of names) times[name]!.push(t[name]!);
  }
  return times;
}

/** How many times faster `a` ran than `b` (time of b ÷ time of a), per round: median, min, max. */
export function speedup(times: RoundTimes, a: string, b: string): RatioStats {
  const ta = times[a]!;
  const tb = times[b]!;
  const xs = ta.map((t, i) => tb[i]! / t);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** Median CPU µs per call (context only: absolute times mean little on a shared machine). */
export const usPerCall = (times: RoundTimes, name: string): number => median(times[name]!) * 1000;

/** A rotating pool of `size` separately parsed copies, so no contender keeps one object hot. */
export function pool(value: unknown, size = 16): () => unknown {
  const text = JSON.stringify(value);
  const copies = Array.from({ length: text.length > 100_000 ? 2 : size }, () => JSON.parse(text) as unknown);
  let i = 0;
  return () => copies[i++ % copies.length];
}


/**
 * `measureRounds` for contenders that may be asynchronous (one call = one whole unit of work,
 * e.g. a stream; a contender's own awaits inside it are part of its cost).
 */
export async function measureRoundsAsync(contenders: Readonly<Record<string, () => unknown>>, options: CompareOptions = {}): Promise<RoundTimes> {
  const { rounds = 9, discard = 2, batchMs = 100, warmupMs = 300 } = options;
  const names = Object.keys(contenders);
  const batch: Record<string, number> = {};
  for (const name of names) {
    const t0 = cpuMs();
    let calls = 0;
    while (cpuMs() - t0 < warmupMs) {
      await contenders[name]!();
      calls++;
    }
    batch[name] = batchSize(calls, cpuMs() - t0, batchMs);
  }
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds + discard; r++) {
    const order = roundOrder(names, r);
    const t: Record<string, number> = {};
    for (const name of order) {
      const t0 = cpuMs();
      for (let i = 0; i < batch[name]!; i++) await contenders[name]!();
      t[name] = (cpuMs() - t0) / batch[name]!;
    }
    if (r >= discard) for (const name of names) times[name]!.push(t[name]!);
  }
  return times;
}
