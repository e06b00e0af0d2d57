/**
 * Runtime validation of gateway payloads (`gatewire/validate`).
 *
 * Every entry point dispatches on `op` and then on `t`, so a payload is checked against exactly one
 * frame schema; union members are never tried one after another. Two engines validate from the
 * same IR: the compiled validators (generated/validators.ts, the default: plain functions, no eval)
 * and the generated zod schemas (generated/zod.ts).
 */
import type {
  GatewayDispatchEventMap,
  GatewayDispatchPayloadOf,
  GatewayReceivePayload,
  GatewaySendPayload,
} from '../../generated/index.js';
import type { RootValidator } from './compiled.js';
import { GatewayValidationError, ValidationEngineMismatchError } from './errors.js';
import { kindOf, type ValidationIssue, type ValidationIssueCode } from './issues.js';
import { GatewayDispatchValidators, GatewayReceiveOpValidators, GatewaySendOpValidators, ReceiveFrameValidator, SendFrameValidator } from './validators.js';
import { fromZodIssues, type ZodIssueLike } from './zod-issues.js';

/**
 * What to do with keys a schema does not list:
 * - `tolerant` (default): keep them; the payload is returned as it is, not copied (with the zod
 *   engine too while the generated schemas' compiled fast path is on, its default);
 * - `strip`: return a copy without them, at every depth;
 * - `strict`: report each one as an `unrecognized_key` issue.
 */
export type ValidationMode = 'tolerant' | 'strip' | 'strict';

/**
 * The frame lookup tables of the generated zod module (generated/zod.ts). Pass the module itself:
 * `import * as zodSchemas from 'gatewire/generated/zod'` then `{ engine: zodSchemas }`. It is not
 * imported here, so code that uses the compiled validators never loads zod.
 */
export interface ZodSchemaTables {
  readonly GatewayDispatchSchemas: object;
  readonly GatewayReceiveOpSchemas: object;
  readonly GatewaySendOpSchemas: object;
}

/**
 * `'compiled'` (default): the generated validators. The generated zod schemas
 * ({@link ZodSchemaTables}): the zod schemas decide validity and zod reports the issues (the
 * schemas accept through the compiled validators first: see `setCompiledFastPath` in
 * generated/zod.ts); zod's schemas are loose, so
 * `strip` and `strict` then apply the compiled unknown-key handling to the payload zod accepted
 * (both come from the same IR).
 */
export type ValidationEngine = 'compiled' | ZodSchemaTables;

export interface ValidateOptions {
  readonly mode?: ValidationMode;
  readonly engine?: ValidationEngine;
}

declare const unknownEventBrand: unique symbol;
/**
 * The `t` of a dispatch gatewire has no schema for. Branded so that `switch (payload.t)` still
 * narrows known events after `isUnknownDispatch` has been ruled out.
 */
export type UnknownDispatchEventName = string & { readonly [unknownEventBrand]: true };

/** A dispatch (op 0) whose event is not known yet: the envelope was checked, `d` was not. */
export interface GatewayUnknownDispatchPayload {
  readonly op: 0;
  readonly s: number;
  readonly t: UnknownDispatchEventName;
  readonly d: unknown;
}

export interface ValidationSuccess<T> {
  readonly success: true;
  readonly kind: 'payload';
  readonly unknownEvent: false;
  readonly data: T;
}

/**
 * Not an error: Discord added an event this version does not describe. The envelope (`op`, `s`,
 * `t`, `d` present) was checked; `data` is the payload as received, in every mode.
 */
export interface UnknownEventResult {
  readonly success: false;
  readonly kind: 'unknown-event';
  readonly unknownEvent: true;
  /** The event name (`t`). */
  readonly event: string;
  readonly data: GatewayUnknownDispatchPayload;
}

export interface ValidationFailure {
  readonly success: false;
  readonly kind: 'invalid';
  readonly unknownEvent: false;
  readonly issues: readonly ValidationIssue[];
  /** Built on first access: capturing a stack trace costs more than validating the payload. */
  readonly error: GatewayValidationError;
}

export type SafeParseReceiveResult = ValidationSuccess<GatewayReceivePayload> | UnknownEventResult | ValidationFailure;
export type SafeParseSendResult = ValidationSuccess<GatewaySendPayload> | ValidationFailure;

class Failure implements ValidationFailure {
  readonly success = false as const;
  readonly kind = 'invalid' as const;
  readonly unknownEvent = false as const;
  private built: GatewayValidationError | undefined;

  constructor(
    private readonly direction: 'receive' | 'send',
    readonly issues: readonly ValidationIssue[],
    private readonly cause?: unknown,
  ) {}

  get error(): GatewayValidationError {
    this.built ??=
      this.cause === undefined
        ? new GatewayValidationError(this.direction, this.issues)
        : new GatewayValidationError(this.direction, this.issues, { cause: this.cause, code: 'VALIDATION_ABORTED' });
    return this.built;
  }
}

interface ZodLike {
  safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly ZodIssueLike[] } };
}

/** The zod schema of a frame the compiled tables know; an engine without it is a mismatched module. */
function zodLookup(table: object, key: string | number): ZodLike {
  const schema = Object.hasOwn(table, key) ? (table as Record<string | number, ZodLike>)[key] : undefined;
  if (schema === undefined || typeof schema.safeParse !== 'function')
    throw new ValidationEngineMismatchError(key);
  return schema;
}

/** The zod tables `options` names, if any. */
function zodEngine(options: ValidateOptions | undefined): ZodSchemaTables | undefined {
  const engine = options?.engine;
  return engine !== undefined && engine !== 'compiled' ? engine : undefined;
}

/** A usage error (the wrong zod module), which must reach the caller rather than read as an invalid payload. */
function isEngineMismatch(e: unknown): boolean {
  return e instanceof ValidationEngineMismatchError;
}

function issue(path: string, code: ValidationIssueCode, expected: string, value: unknown): ValidationIssue {
  return { path, code, expected, received: kindOf(value) };
}

// Built on the first bad `op`, not at import: an entry point does no work until it is used (and a
// bundler can drop what nobody calls).
let receiveOpsText: string | undefined;
let sendOpsText: string | undefined;
const receiveOps = (): string => (receiveOpsText ??= `0 | ${[...GatewayReceiveOpValidators.keys()].sort((a, b) => a - b).join(' | ')}`);

/** Non-dispatch receive opcodes whose `d` is null (Heartbeat ACK, Reconnect, Heartbeat request); found on first use. */
let nullDataOpsSet: ReadonlySet<number> | undefined;
const nullDataOps = (): ReadonlySet<number> =>
  (nullDataOpsSet ??= new Set(
    [...GatewayReceiveOpValidators].filter(([op, v]) => v.check({ op, s: null, t: null, d: null }, 1)).map(([op]) => op),
  ));

/**
 * A non-dispatch frame as Discord's docs write it (`{ op: 11 }`, `{ op: 10, d: {…} }`): absent `s`
 * and `t` read as null, and so does an absent `d` where the frame's `d` is always null. Returns the
 * frame itself when nothing is absent, otherwise a shallow copy with the nulls filled in (#11.9).
 */
function withControlNulls(frame: Record<string, unknown>, op: number): Record<string, unknown> {
  const fillData = frame.d === undefined && nullDataOps().has(op);
  if (frame.s !== undefined && frame.t !== undefined && !fillData) return frame;
  const out: Record<string, unknown> = { ...frame };
  if (out.s === undefined) out.s = null;
  if (out.t === undefined) out.t = null;
  if (fillData) out.d = null;
  return out;
}
const sendOps = (): string => (sendOpsText ??= [...GatewaySendOpValidators.keys()].sort((a, b) => a - b).join(' | '));

function run(
  direction: 'receive' | 'send',
  payload: unknown,
  compiled: RootValidator,
  zod: ZodLike | undefined,
  options: ValidateOptions | undefined,
): ValidationSuccess<never> | Failure {
  const mode = options?.mode;
  let data: unknown;
  if (zod !== undefined) {
    const r = zod.safeParse(payload);
    if (!r.success) return new Failure(direction, fromZodIssues(payload, r.error.issues));
    if (mode === 'strict') {
      const found: ValidationIssue[] = [];
      compiled.collect(payload, '', found, 1);
      if (found.length > 0) return new Failure(direction, found);
    }
    data = mode === 'strip' ? compiled.strip(payload) : r.data;
  } else if (mode === 'strict') {
    // Strict mode walks the shape description for unknown keys; it is for tests and tooling.
    const found: ValidationIssue[] = [];
    compiled.collect(payload, '', found, 1);
    if (found.length > 0) return new Failure(direction, found);
    data = payload;
  } else {
    // The generated check first, issues only after it fails: valid payloads (nearly all of a
    // gateway stream) cost what `isReceivePayload` costs; a rejected payload pays the check's
    // prefix on top of the walk that reports its issues (bench/validate.ts).
    const found = compiled.rejection(payload);
    if (found !== null) return rejected(direction, payload, found);
    data = mode === 'strip' ? compiled.strip(payload) : payload;
  }
  return succeeded(data);
}

/** Every success has this one shape (one hidden class for callers' property reads). */
function succeeded(data: unknown): ValidationSuccess<never> {
  return { success: true, kind: 'payload', unknownEvent: false, data: data as never };
}

/** A payload the tolerant check rejected, with the issues the walk found. */
function rejected(direction: 'receive' | 'send', payload: unknown, found: ValidationIssue[]): Failure {
  // (check and description come from the same IR and are tested to agree; never report success on a failed check)
  if (found.length === 0) found.push(issue('', 'invalid_value', 'a valid payload', payload));
  return new Failure(direction, found);
}

function aborted(direction: 'receive' | 'send', payload: unknown, cause: unknown): Failure {
  return new Failure(direction, [issue('', 'invalid_value', 'a value that can be walked (not nested too deeply, no throwing accessors)', payload)], cause);
}

function unknownEvent(payload: Record<string, unknown>, t: string): UnknownEventResult | Failure {
  const found: ValidationIssue[] = [];
  if (!Number.isSafeInteger(payload.s)) found.push(issue('/s', 's' in payload ? 'invalid_type' : 'missing', 'integer', payload.s));
  if (!('d' in payload)) found.push(issue('/d', 'missing', 'any value', undefined));
  if (found.length > 0) return new Failure('receive', found);
  return { success: false, kind: 'unknown-event', unknownEvent: true, event: t, data: payload as unknown as GatewayUnknownDispatchPayload };
}

/**
 * Validates a frame received from the gateway. Never throws for any payload: an unknown dispatch
 * event gives `kind: 'unknown-event'`, an invalid payload `kind: 'invalid'` with its issues. (A
 * zod `engine` from another codegen run throws `VALIDATION_ENGINE_MISMATCH`: a usage error.)
 *
 * Outside strict mode, a non-dispatch frame may leave out `s` and `t` (and `d` where it is always
 * null), as the docs write them: `{ op: 11 }` is a valid Heartbeat ACK, returned as
 * `{ op: 11, s: null, t: null, d: null }` (a copy; a frame with every key is returned as it is).
 */
export function safeParseReceive(payload: unknown, options?: ValidateOptions): SafeParseReceiveResult {
  try {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return new Failure('receive', [issue('', 'invalid_type', 'object', payload)]);
    const frame = payload as Record<string, unknown>;
    const op = frame.op;
    if (op === 0) {
      const t = frame.t;
      if (typeof t !== 'string') return new Failure('receive', [issue('/t', 't' in frame ? 'invalid_type' : 'missing', 'string (the dispatch event name)', t)]);
      const compiled = GatewayDispatchValidators.get(t);
      if (compiled === undefined) return unknownEvent(frame, t);
      // The common call (no options): the generated check and the result, nothing else.
      if (options === undefined) {
        const found = compiled.rejection(payload);
        return found === null ? succeeded(payload) : rejected('receive', payload, found);
      }
      const zod = zodEngine(options);
      return run('receive', payload, compiled, zod ? zodLookup(zod.GatewayDispatchSchemas, t) : undefined, options);
    }
    const compiled = typeof op === 'number' ? GatewayReceiveOpValidators.get(op) : undefined;
    if (compiled === undefined) return new Failure('receive', [issue('/op', 'op' in frame ? 'invalid_value' : 'missing', receiveOps(), op)]);
    // Strict mode holds frames to the schema (s, t and d present); the others read the docs' short form.
    const input = options?.mode === 'strict' ? payload : withControlNulls(frame, op as number);
    const zod = zodEngine(options);
    return run('receive', input, compiled, zod ? zodLookup(zod.GatewayReceiveOpSchemas, op as number) : undefined, options);
  } catch (cause) {
    if (isEngineMismatch(cause)) throw cause;
    return aborted('receive', payload, cause);
  }
}

/**
 * Validates a frame received from the gateway and returns it typed, or an unknown dispatch as
 * {@link GatewayUnknownDispatchPayload} (check with {@link isUnknownDispatch}). Throws
 * {@link GatewayValidationError} (and nothing else) when the payload is invalid.
 */
export function parseReceive(payload: unknown, options?: ValidateOptions): GatewayReceivePayload | GatewayUnknownDispatchPayload {
  const r = safeParseReceive(payload, options);
  if (r.kind === 'invalid') throw r.error;
  return r.data;
}

/** Validates a frame a client sends. Never throws. */
export function safeParseSend(payload: unknown, options?: ValidateOptions): SafeParseSendResult {
  try {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return new Failure('send', [issue('', 'invalid_type', 'object', payload)]);
    const frame = payload as Record<string, unknown>;
    const op = frame.op;
    const compiled = typeof op === 'number' ? GatewaySendOpValidators.get(op) : undefined;
    if (compiled === undefined) return new Failure('send', [issue('/op', 'op' in frame ? 'invalid_value' : 'missing', sendOps(), op)]);
    const zod = zodEngine(options);
    return run('send', payload, compiled, zod ? zodLookup(zod.GatewaySendOpSchemas, op as number) : undefined, options);
  } catch (cause) {
    if (isEngineMismatch(cause)) throw cause;
    return aborted('send', payload, cause);
  }
}

/** Validates a frame a client sends and returns it typed; throws {@link GatewayValidationError} when invalid. */
export function parseSend(payload: unknown, options?: ValidateOptions): GatewaySendPayload {
  const r = safeParseSend(payload, options);
  if (!r.success) throw r.error;
  return r.data;
}

/** True when `payload` is a valid frame of a known kind (unknown keys allowed). Never throws. */
export function isReceivePayload(payload: unknown): payload is GatewayReceivePayload {
  try {
    return ReceiveFrameValidator.tolerant(payload);
  } catch {
    return false;
  }
}

/** True when `payload` is a valid frame a client may send (unknown keys allowed). Never throws. */
export function isSendPayload(payload: unknown): payload is GatewaySendPayload {
  try {
    return SendFrameValidator.tolerant(payload);
  } catch {
    return false;
  }
}

/** Per-event guard: true when `payload` is a valid `event` dispatch frame. Never throws. */
export function isDispatchPayload<K extends keyof GatewayDispatchEventMap>(event: K, payload: unknown): payload is GatewayDispatchPayloadOf<K> {
  try {
    return GatewayDispatchValidators.get(event)?.tolerant(payload) === true;
  } catch {
    return false;
  }
}

/** Whether gatewire has a schema for this dispatch event name. */
export function isKnownDispatchEvent(event: string): event is keyof GatewayDispatchEventMap {
  return GatewayDispatchValidators.has(event);
}

/** True for what {@link parseReceive} returns for a dispatch event gatewire does not know. */
export function isUnknownDispatch(payload: GatewayReceivePayload | GatewayUnknownDispatchPayload): payload is GatewayUnknownDispatchPayload {
  return payload.op === 0 && typeof payload.t === 'string' && !GatewayDispatchValidators.has(payload.t);
}
