/**
 * Every error gatewire throws is a subclass of GatewireError with its own `code` union: a caller can
 * `instanceof` the concern (CompressionError, CodegenOutputError, …) and switch on a typed code. The
 * base class is never constructed directly in hand-written code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createZlibStreamInflater, CompressionError } from '../../src/compression/index.js';
import { GatewireError } from '../../src/errors.js';

const repo = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

describe('error conventions', () => {
  it('no hand-written module constructs the bare GatewireError', () => {
    const bare = ['src', 'codegen']
      .flatMap((d) => sourceFiles(path.join(repo, d)))
      .filter((f) => /new GatewireError\(/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(repo, f));
    expect(bare).toEqual([]);
  });

  it('a bad compression option is a CompressionError with its own code', () => {
    let thrown: unknown;
    try {
      createZlibStreamInflater({ maxMessageBytes: 0 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CompressionError);
    expect(thrown).toBeInstanceOf(GatewireError);
    expect((thrown as CompressionError).code).toBe('COMPRESSION_BAD_OPTION');
  });
});
