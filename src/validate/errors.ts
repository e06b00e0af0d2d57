import { GatewireError } from '../errors.js';
import type { ValidationIssue } from './issues.js';

export type { ValidationIssue, ValidationIssueCode } from './issues.js';

/** Shows at most this many issues in the message; `issues` always has all of them. */
const MESSAGE_ISSUES = 10;

/** Codes of {@link GatewayValidationError}. */
export type GatewayValidationErrorCode = 'VALIDATION_FAILED' | 'VALIDATION_ABORTED';

/**
 * A payload that does not match its schema. `issues` lists every problem found, each with the JSON
 * pointer of the offending value, what was expected there and the kind of value received; `path`
 * is the pointer of the first one.
 *
 * `code` is `VALIDATION_FAILED`, or `VALIDATION_ABORTED` when the value could not be walked at all
 * (nested deeper than the stack allows, or an accessor that throws; the original error is `cause`).
 */
export class GatewayValidationError extends GatewireError {
  declare readonly code: GatewayValidationErrorCode;
  readonly issues: readonly ValidationIssue[];
  readonly path: string;
  readonly direction: 'receive' | 'send';

  constructor(direction: 'receive' | 'send', issues: readonly ValidationIssue[], options?: { cause?: unknown; code?: GatewayValidationErrorCode }) {
    const shown = issues.slice(0, MESSAGE_ISSUES).map(describeIssue);
    const more = issues.length > MESSAGE_ISSUES ? `\n  … and ${issues.length - MESSAGE_ISSUES} more` : '';
    super(
      options?.code ?? 'VALIDATION_FAILED',
      `invalid ${direction} payload (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n  ${shown.join('\n  ')}${more}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.issues = issues;
    this.path = issues[0]?.path ?? '';
    this.direction = direction;
  }
}

/**
 * The zod `engine` passed to a validate call has no schema for a frame the compiled tables know: it
 * is a generated/zod.ts module from another codegen run. A usage error, so it is thrown rather than
 * reported as an invalid payload.
 */
export class ValidationEngineMismatchError extends GatewireError {
  declare readonly code: 'VALIDATION_ENGINE_MISMATCH';
  /** The event name or opcode the engine has no schema for. */
  readonly key: string | number;

  constructor(key: string | number) {
    super('VALIDATION_ENGINE_MISMATCH', `the zod engine has no schema for ${JSON.stringify(key)}: pass the generated/zod.ts module of the same codegen run`);
    this.key = key;
  }
}

/** `/d/author/id: expected Snowflake, received number (invalid_type)`. */
export function describeIssue(issue: ValidationIssue): string {
  const where = issue.path === '' ? '(root)' : issue.path;
  if (issue.code === 'missing') return `${where}: missing, expected ${issue.expected}`;
  if (issue.code === 'unrecognized_key') return `${where}: unknown key (strict mode)`;
  return `${where}: expected ${issue.expected}, received ${issue.received} (${issue.code})`;
}
