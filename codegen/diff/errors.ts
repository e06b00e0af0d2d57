import { GatewireError } from '../../src/errors.js';

/**
 * A diff input that cannot be read: a git revision that does not exist, a folder absent at that
 * revision. `path` names the folder (and revision) concerned. Problems inside the schemas themselves
 * are the pipeline's `CodegenError`s, with file and JSON pointer.
 */
export class DiffError extends GatewireError {
  readonly path: string;

  constructor(code: string, path: string, message: string, options?: { cause?: unknown }) {
    super(code, `${path}: ${message}`, options);
    this.path = path;
  }
}
