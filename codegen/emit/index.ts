/**
 * The emitter registry: every emitter the codegen runs, in one list. Each reads the same IR, so a
 * type, its zod schema, its compiled validator and its ETF shape always describe the same thing.
 * Adding an emitter is one file in this folder and one line here; codegen/pipeline.ts runs the list,
 * formats what is not pre-formatted and writes generated/index.ts from the `reexport` entries.
 */
import type { GeneratedFile, IR } from '../ir.js';
import { emitShapes } from './shapes.js';
import { emitEvents, emitTypes } from './typescript.js';
import { emitValidators } from './validators.js';
import { emitZod } from './zod.js';

/** An emitter turns the IR into files (unformatted unless its entry says `formatted`). */
export type Emitter = (ir: IR) => GeneratedFile[];

export interface EmitterEntry {
  /** A stable name, for messages and tests. */
  readonly id: string;
  readonly emit: Emitter;
  /** Its files are written as emitted, without prettier (they are printed in the final style). */
  readonly formatted: boolean;
  /** generated/index.ts re-exports its files (`export * from './types.js'`). */
  readonly reexport: boolean;
}

/** Every emitter, in order; generated/index.ts re-exports the `reexport` ones in this order. */
export const emitters: readonly EmitterEntry[] = [
  { id: 'types', emit: emitTypes, formatted: false, reexport: true },
  { id: 'events', emit: emitEvents, formatted: false, reexport: true },
  { id: 'zod', emit: emitZod, formatted: false, reexport: false },
  // validators.ts skips prettier: formatting its 1.7 MB was most of a cold regeneration.
  { id: 'validators', emit: emitValidators, formatted: true, reexport: false },
  { id: 'shapes', emit: emitShapes, formatted: false, reexport: false },
];

/** Runs every emitter: its files, each marked `formatted` when its entry says so. */
export function emitAll(ir: IR): { files: GeneratedFile[]; reexported: string[] } {
  const files: GeneratedFile[] = [];
  const reexported: string[] = [];
  for (const entry of emitters) {
    for (const file of entry.emit(ir)) {
      files.push(entry.formatted ? { ...file, formatted: true } : file);
      if (entry.reexport) reexported.push(file.path);
    }
  }
  return { files, reexported };
}
