import { GatewireError } from '../src/errors.js';

/**
 * Codes of {@link CodegenError}: a problem in the schema input (a file, a keyword, a reference, a
 * name) that stops generation, or a warning turned into an error by `--strict`.
 */
export type CodegenSchemaErrorCode =
  // reading the folder (codegen/load.ts)
  | 'CODEGEN_NO_SCHEMAS'
  | 'CODEGEN_BAD_JSON'
  | 'CODEGEN_NO_ID'
  | 'CODEGEN_BAD_ID'
  | 'CODEGEN_DUPLICATE_ID'
  // checking the dialect (codegen/prepare.ts)
  | 'CODEGEN_TOO_DEEP'
  | 'CODEGEN_BAD_SCHEMA'
  | 'CODEGEN_BAD_KEYWORD'
  | 'CODEGEN_NESTED_ID'
  | 'CODEGEN_BAD_REF'
  // resolving (codegen/resolve/)
  | 'CODEGEN_BROKEN_REF'
  | 'CODEGEN_NAME_CONFLICT'
  | 'CODEGEN_DUPLICATE_TITLE'
  | 'CODEGEN_UNNAMEABLE_CYCLE'
  | 'CODEGEN_DUPLICATE_MEMBER'
  | 'CODEGEN_MEMBER_MISMATCH'
  | 'CODEGEN_MIXED_ENUM'
  | 'CODEGEN_TOO_MANY_ALTERNATIVES'
  | 'CODEGEN_BAD_FRAMES'
  // checking the frames (codegen/pipeline.ts)
  | 'CODEGEN_DUPLICATE_EVENT'
  | CodegenStrictErrorCode;

/**
 * Codes of the warnings the codegen reports (`Diagnostic.code`); tolerant runs read past them, and
 * `--strict` turns each into the error {@link CodegenStrictErrorCode} names.
 */
export type CodegenWarningCode =
  // patches (codegen/prepare.ts)
  | 'patch-skipped'
  | 'upstream-bug-patched'
  | 'upstream-bug-known'
  // the dialect check (codegen/prepare.ts)
  | 'keyword-deprecated'
  | 'unknown-keyword'
  | 'unread-keyword'
  | 'bad-keyword'
  | 'nested-schema'
  | 'duplicate-member'
  // resolving (codegen/resolve/)
  | 'required-undefined'
  | 'bad-flag'
  | 'open-tuple'
  | 'frame-skipped'
  // checking the frames (codegen/pipeline.ts)
  | 'duplicate-frame';

type Underscored<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}_${Underscored<Tail>}` : S;

/** The error code a warning becomes under `--strict`: `unknown-keyword` → `CODEGEN_UNKNOWN_KEYWORD`. */
export type CodegenStrictErrorCode = `CODEGEN_${Uppercase<Underscored<CodegenWarningCode>>}`;

/** The code a warning becomes under `--strict` (the value {@link CodegenStrictErrorCode} spells). */
export function strictErrorCode(warning: CodegenWarningCode): CodegenStrictErrorCode {
  return `CODEGEN_${warning.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}` as CodegenStrictErrorCode;
}

/**
 * A problem in the schema input that stops generation: the message names the file and the JSON
 * pointer so a person can go straight to it.
 */
export class CodegenError extends GatewireError {
  declare readonly code: CodegenSchemaErrorCode;
  readonly file: string;
  readonly pointer: string;

  constructor(code: CodegenSchemaErrorCode, file: string, pointer: string, message: string, options?: { cause?: unknown }) {
    super(code, `${file}${pointer ? `#${pointer}` : ''}: ${message}`, options);
    this.file = file;
    this.pointer = pointer;
  }
}

/** Several input problems found in one run; generation reports all of them at once. */
export class CodegenErrors extends GatewireError {
  declare readonly code: 'CODEGEN_INVALID_INPUT';
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
export type CodegenOutputErrorCode =
  | 'CODEGEN_DUPLICATE_OUTPUT'
  | 'CODEGEN_WRITE_FAILED'
  /** Two different ETF shape nodes hashed to one name (codegen/emit/shapes.ts): the table would be wrong. */
  | 'CODEGEN_SHAPE_HASH_COLLISION';

/**
 * The output could not be produced or written: two emitters claim one file (a registry mistake),
 * an emitter could not name its output uniquely, or generated/ could not be written or swapped in
 * (then it is left as it was).
 */
export class CodegenOutputError extends GatewireError {
  declare readonly code: CodegenOutputErrorCode;

  constructor(code: CodegenOutputErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
