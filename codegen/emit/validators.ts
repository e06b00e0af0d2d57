/**
 * The validator emitter: generated/validators.ts, built in stages that live in ./validators/ —
 * type-facts (what a type means, through refs), union-plan (how a union is told apart), check (the
 * tolerant check functions, as code), description (the same types as data, for issue reports,
 * strip and strict mode in src/validate/) and output (the file).
 */
import type { GeneratedFile, IR } from '../ir.js';
import { validatorsModule } from './validators/output.js';

export { js } from './validators/literals.js';

export function emitValidators(ir: IR): GeneratedFile[] {
  // Written in final form (two-space indents, single quotes, one statement per line): formatting
  // it with prettier took most of a cold regeneration.
  return [{ path: 'validators.ts', contents: validatorsModule(ir) }];
}
