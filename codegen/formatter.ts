/**
 * prettier, loaded only when the codegen formats. It is an optional peer dependency: a library that
 * depends on gatewire for its runtime never runs the codegen, so it should not install an 11 MiB
 * formatter. `gatewire codegen` asks for it by name when it is missing.
 */
import type * as Prettier from 'prettier';
import { GatewireError } from '../src/errors.js';

/** prettier is needed (the codegen formats its output) but cannot be loaded. */
export class FormatterMissingError extends GatewireError {
  declare readonly code: 'CODEGEN_FORMATTER_MISSING';

  constructor(options?: { cause?: unknown }) {
    super(
      'CODEGEN_FORMATTER_MISSING',
      'gatewire codegen formats its output with prettier, an optional peer dependency that is not installed: run `npm install --save-dev prettier@^3` in your project',
      options,
    );
  }
}

type PrettierModule = typeof Prettier;

let loading: Promise<PrettierModule> | undefined;

/** The prettier module, imported once on first use; throws {@link FormatterMissingError} when it is not installed. */
export function loadPrettier(): Promise<PrettierModule> {
  loading ??= import('prettier').then(
    (m) => m as PrettierModule,
    (cause: unknown) => {
      loading = undefined;
      if (isModuleNotFound(cause)) throw new FormatterMissingError({ cause });
      throw cause;
    },
  );
  return loading;
}

function isModuleNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
