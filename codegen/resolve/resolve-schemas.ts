/**
 * Drives the stages over one set of prepared schemas: declare every file root and `$defs` entry, in
 * file order (./types.ts, which names through ./naming.ts and expands through ./composition.ts),
 * then finish (./finishing.ts: cycles, frames, discriminators).
 */
import type { IR } from '../ir.js';
import { CodegenError } from '../errors.js';
import { pointerSegment } from '../json-pointer.js';
import { isObject } from '../load.js';
import type { PreparedSchemas } from '../prepare.js';
import { ResolveState } from './context.js';
import { finish } from './finishing.js';
import { deref, rootCtx } from './naming.js';
import { TypeResolver } from './types.js';

/** Builds the IR from prepared schemas. Throws `CodegenErrors` listing every problem found. */
export function resolveSchemas(prepared: PreparedSchemas, root: string): IR {
  const state = new ResolveState(prepared.files);
  declareAll(state);
  const ir = finish(state, { root, files: prepared.files.map((f) => f.file), patches: prepared.patches });
  return { ...ir, diagnostics: [...prepared.diagnostics, ...ir.diagnostics] };
}

/** Declares every root and `$defs` entry of every file, in file order; one error per declaration that fails. */
function declareAll(state: ResolveState): void {
  const types = new TypeResolver(state);
  const collect = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      if (error instanceof CodegenError) state.errors.push(error);
      else throw error;
    }
  };
  for (const file of state.files) {
    const root = rootCtx(file);
    collect(() => types.typeOf(file.root, root, true));
    const defs = file.root['$defs'];
    if (isObject(defs)) {
      for (const key of Object.keys(defs)) {
        const target = deref(state, `${file.id}#/$defs/${pointerSegment(key)}`, root);
        collect(() => types.typeOf(target.node, target.ctx, true));
      }
    }
  }
}
