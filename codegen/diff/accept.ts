/**
 * Whether a value is valid against an IR type, the way the generated validators decide it: tolerant
 * mode lets unknown keys through, strict mode rejects them. The diff uses it to check every example
 * payload against both versions before reporting it, so an example is never a guess.
 *
 * Written here rather than by generating and loading the emitted validators: the diff needs to ask
 * about two arbitrary IRs in one process, and an interpreter over the IR answers in microseconds
 * without writing or importing code.
 */
import type { IRType } from '../ir.js';
import type { ValidationMode } from './model.js';
import type { DiffSideIndex } from './side.js';

const patterns = new Map<string, RegExp | null>();

function regex(source: string): RegExp | null {
  let re = patterns.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = null;
    }
    patterns.set(source, re);
  }
  return re;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function accepts(side: DiffSideIndex, type: IRType, value: unknown, mode: ValidationMode, depth = 0): boolean {
  if (depth > 64) return false;
  switch (type.kind) {
    case 'unknown':
      return true;
    case 'never':
      return false;
    case 'string': {
      if (typeof value !== 'string') return false;
      if (type.minLength !== undefined && value.length < type.minLength) return false;
      if (type.maxLength !== undefined && value.length > type.maxLength) return false;
      if (type.pattern !== undefined) {
        const re = regex(type.pattern);
        if (re && !re.test(value)) return false;
      }
      return true;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      if (type.integer && !Number.isInteger(value)) return false;
      if (type.minimum !== undefined && value < type.minimum) return false;
      return type.maximum === undefined || value <= type.maximum;
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'literal':
      return value === type.value;
    case 'ref': {
      const decl = side.decls.get(type.name);
      if (!decl) return false;
      const body = decl.body;
      if (body.kind === 'enum') return body.members.some((m) => m.value === value);
      if (body.kind === 'flags') {
        return body.base === 'integer' ? typeof value === 'number' && Number.isInteger(value) : typeof value === 'string' && /^[0-9]+$/.test(value);
      }
      if (body.kind === 'derived') return acceptsObject(side, type, value, mode, depth);
      return accepts(side, body.type, value, mode, depth + 1);
    }
    case 'array':
      if (!Array.isArray(value)) return false;
      if (type.minItems !== undefined && value.length < type.minItems) return false;
      if (type.maxItems !== undefined && value.length > type.maxItems) return false;
      return value.every((v) => accepts(side, type.items, v, mode, depth + 1));
    case 'tuple':
      if (!Array.isArray(value) || value.length < type.minItems) return false;
      if (type.rest === null && value.length > type.items.length) return false;
      return value.every((v, i) => {
        const item = i < type.items.length ? type.items[i]!.type : type.rest;
        return item !== null && accepts(side, item, v, mode, depth + 1);
      });
    case 'object':
      return acceptsObject(side, type, value, mode, depth);
    case 'record':
      if (!isPlainObject(value)) return false;
      return Object.entries(value).every(([k, v]) => accepts(side, type.key, k, mode, depth + 1) && accepts(side, type.value, v, mode, depth + 1));
    case 'union':
      return type.members.some((m) => accepts(side, m, value, mode, depth + 1));
    case 'intersection':
      // In strict mode each member alone would reject the other members' keys: check the merged object.
      if (mode === 'strict' && side.objectView(type)) return acceptsObject(side, type, value, mode, depth);
      return type.members.every((m) => accepts(side, m, value, mode, depth + 1));
    case 'not':
      return accepts(side, type.base, value, mode, depth + 1) && !accepts(side, type.not, value, mode, depth + 1);
    case 'flags':
      return type.base === 'integer' ? typeof value === 'number' && Number.isInteger(value) : typeof value === 'string' && /^[0-9]+$/.test(value);
  }
}

function acceptsObject(side: DiffSideIndex, type: IRType, value: unknown, mode: ValidationMode, depth: number): boolean {
  if (!isPlainObject(value)) return false;
  const view = side.objectView(type);
  if (!view) return false;
  const known = new Set<string>();
  for (const p of view.properties) {
    known.add(p.name);
    if (!Object.hasOwn(value, p.name)) {
      if (p.required) return false;
      continue;
    }
    if (!accepts(side, p.type, value[p.name], mode, depth + 1)) return false;
  }
  for (const key of Object.keys(value)) {
    if (known.has(key)) continue;
    if (view.additional === null) {
      if (mode === 'strict') return false;
    } else if (!accepts(side, view.additional, value[key], mode, depth + 1)) return false;
  }
  // Members of an intersection that are not objects (a `not`, a constraint) still have to hold.
  if (type.kind === 'intersection') {
    for (const m of type.members) if (!side.objectView(m) && !accepts(side, m, value, mode, depth + 1)) return false;
  }
  return true;
}
