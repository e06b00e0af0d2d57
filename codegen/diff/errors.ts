import { GatewireError } from '../../src/errors.js';
import { CodegenErrors } from '../errors.js';

/** Codes of {@link DiffError}. */
export type DiffErrorCode = 'DIFF_GIT_FAILED' | 'DIFF_BAD_REVISION' | 'DIFF_NO_FOLDER' | 'DIFF_NO_SCHEMAS_AT_REVISION';

/**
 * A diff input that cannot be read: a git revision that does not exist, a folder absent at that
 * revision. `path` names the folder (and revision) concerned. Problems inside the schemas themselves
 * are the pipeline's `CodegenError`s, with file and JSON pointer.
 */
export class DiffError extends GatewireError {
  declare readonly code: DiffErrorCode;
  readonly path: string;

  constructor(code: DiffErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(code, `${path}: ${message}`, options);
    this.path = path;
  }
}

/**
 * One side of a diff could not be read or did not resolve. The message names the side's folder and
 * then repeats the pipeline's error, which names each file and JSON pointer; `cause` is that error.
 */
export class DiffInputError extends GatewireError {
  declare readonly code: 'DIFF_UNREADABLE_INPUT';
  readonly side: 'old' | 'new';
  readonly folder: string;

  constructor(side: 'old' | 'new', folder: string, cause: GatewireError) {
    // As codegen prints them: a list of problems as it is (each line has its code), one error with its code.
    const text = cause instanceof CodegenErrors ? cause.message : `[${cause.code}] ${cause.message}`;
    super('DIFF_UNREADABLE_INPUT', `${side === 'old' ? 'OLD' : 'NEW'} (${folder}): ${text}`, { cause });
    this.side = side;
    this.folder = folder;
  }
}
