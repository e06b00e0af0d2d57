import { GatewireError } from '../src/errors.js';

/**
 * A problem in the schema input that stops generation: the message names the file and the JSON
 * pointer so a person can go straight to it.
 */
export class CodegenError extends GatewireError {
  readonly file: string;
  readonly pointer: string;

  constructor(code: string, file: string, pointer: string, message: string, options?: { cause?: unknown }) {
    super(code, `${file}${pointer ? `#${pointer}` : ''}: ${message}`, options);
    this.file = file;
    this.pointer = pointer;
  }
}

/** Several input problems found in one run; generation reports all of them at once. */
export class CodegenErrors extends GatewireError {
  readonly errors: readonly CodegenError[];

  constructor(errors: readonly CodegenError[]) {
    super(
      'CODEGEN_INVALID_INPUT',
      `${errors.length} problem${errors.length === 1 ? '' : 's'} in the schemas:\n` +
        errors.map((e) => `  [${e.code}] ${e.message}`).join('\n'),
    );
    this.errors = errors;
  }
}

/** Codes of {@link CodegenOutputError}. */
export type CodegenOutputErrorCode = 'CODEGEN_DUPLICATE_OUTPUT' | 'CODEGEN_WRITE_FAILED';

/**
 * The output could not be produced or written: two emitters claim one file (a registry mistake), or
 * generated/ could not be written or swapped in (then it is left as it was).
 */
export class CodegenOutputError extends GatewireError {
  declare readonly code: CodegenOutputErrorCode;

  constructor(code: CodegenOutputErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...keys: (string | number)[]): string {
  return base + keys.map((k) => '/' + pointerSegment(k)).join('');
}
