import type { GeneratedFile, IR } from '../ir.js';
import { emitShapes } from './shapes.js';
import { emitValidators } from './validators.js';

/** An emitter turns the IR into files (unformatted; the pipeline formats and writes them). */
export type Emitter = (ir: IR) => GeneratedFile[];

/**
 * Every emitter, in the order their files are written. Each reads the same IR, so a type, its zod
 * schema, its compiled validator and its ETF shape always describe the same thing.
 */
export const emitters: readonly Emitter[] = [emitValidators, emitShapes];
