/**
 * The emitter registry: every emitter the codegen runs, in one list. Each reads the same IR, so a
 * type, its zod schema, its compiled validator and its ETF shape always describe the same thing.
 * Adding an emitter is one file in this folder and one line here; codegen/pipeline.ts runs the list
 * and writes generated/index.ts from the `reexport` entries. Every emitter prints its files in their
 * final form (./layout.ts has the shared layout helpers): no formatter runs after it.
 */
import type { GeneratedFile, IR } from '../ir.js';
import { emitShapes } from './shapes.js';
import { emitEvents, emitTypes } from './typescript.js';
import { emitValidators } from './validators.js';
import { emitZod } from './zod.js';

/** An emitter turns the IR into files, each in its final form. */
export type Emitter = (ir: IR) => GeneratedFile[];

export interface EmitterEntry {
  /** A stable name, for messages and tests. */
  readonly id: string;
  readonly emit: Emitter;
  /** generated/index.ts re-exports its files (`export * from './types.js'`). */
  readonly reexport: boolean;
}

/** Every emitter, in order; generated/index.ts re-exports the `reexport` ones in this order. */
export const emitters: readonly EmitterEntry[] = [
  { id: 'types', emit: emitTypes, reexport: true },
  { id: 'events', emit: emitEvents, reexport: true },
  { id: 'zod', emit: emitZod, reexport: false },
  { id: 'validators', emit: emitValidators, reexport: false },
  { id: 'shapes', emit: emitShapes, reexport: false },
];

/** Runs every emitter: its files, and which of them generated/index.ts re-exports. */
export function emitAll(ir: IR): { files: GeneratedFile[]; reexported: string[] } {
  const files: GeneratedFile[] = [];
  const reexported: string[] = [];
  for (const entry of emitters) {
    for (const file of entry.emit(ir)) {
      files.push(file);
      if (entry.reexport) reexported.push(file.path);
    }
  }
  return { files, reexported };
}
