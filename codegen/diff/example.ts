/**
 * Example payloads for validation changes: a minimal value of the changed declaration (or frame)
 * with one place set to a probe value, kept only when one version accepts it and the other rejects
 * it. "Minimal" means required fields only, each with the smallest value its type allows, plus
 * whatever the path to the changed place needs.
 */
import type { IRType } from '../ir.js';
import { accepts } from './accept.js';
import type { RawChange, Step } from './compare.js';
import type { ValidationExample, ValidationImpact, ValidationMode } from './model.js';
import type { DiffSideIndex } from './side.js';

const ABSENT = Symbol('absent');
const FAIL = Symbol('no value');
type Built = unknown | typeof FAIL;

/** Strings tried, in order, against a `pattern` (snowflakes, ISO timestamps, hex colours, …). */
const STRING_TRIES = ['', '0', 'a', 'A', '00', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00+00:00', '#000000', '000000', 'a0', 'https://example.com'];

type Which = 'old' | 'new';

function minimalString(type: Extract<IRType, { kind: 'string' }>): Built {
  const min = type.minLength ?? 0;
  const fits = (s: string) => s.length >= min && (type.maxLength === undefined || s.length <= type.maxLength);
  if (type.pattern === undefined) return '0'.repeat(min);
  let re: RegExp;
  try {
    re = new RegExp(type.pattern, 'u');
  } catch {
    return '0'.repeat(min);
  }
  for (const s of STRING_TRIES) if (fits(s) && re.test(s)) return s;
  for (const s of STRING_TRIES) {
    const padded = s.padEnd(min, s.slice(-1) || '0');
    if (fits(padded) && re.test(padded)) return padded;
  }
  return FAIL;
}

/** The smallest value of `type` in `side`, following `steps` (the path to keep) when given. */
export function minimal(side: DiffSideIndex, type: IRType, steps: readonly Step[], which: Which, depth = 0): Built {
  if (depth > 24) return FAIL;
  const [step, ...rest] = steps;
  switch (type.kind) {
    case 'unknown':
      return null;
    case 'never':
      return FAIL;
    case 'string':
      return minimalString(type);
    case 'number': {
      let v = type.minimum ?? (type.maximum !== undefined && type.maximum < 0 ? type.maximum : 0);
      if (type.integer) v = Math.ceil(v);
      return v;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'literal':
      return type.value;
    case 'flags':
      return type.base === 'integer' ? 0 : '0';
    case 'ref': {
      const decl = side.decls.get(type.name);
      if (!decl) return FAIL;
      const body = decl.body;
      if (body.kind === 'enum') return body.members[0]?.value ?? FAIL;
      if (body.kind === 'flags') return body.base === 'integer' ? 0 : '0';
      if (body.kind === 'derived') return minimalObject(side, type, steps, which, depth);
      return minimal(side, body.type, steps, which, depth + 1);
    }
    case 'array': {
      const count = Math.max(type.minItems ?? 0, step?.k === 'items' ? 1 : 0);
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const v = minimal(side, type.items, i === 0 && step?.k === 'items' ? rest : [], which, depth + 1);
        if (v === FAIL) return FAIL;
        out.push(v);
      }
      return out;
    }
    case 'tuple': {
      const count = Math.max(type.minItems, step?.k === 'tuple' ? step.i + 1 : 0);
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const item = i < type.items.length ? type.items[i]!.type : type.rest;
        if (!item) return FAIL;
        const v = minimal(side, item, step?.k === 'tuple' && step.i === i ? rest : [], which, depth + 1);
        if (v === FAIL) return FAIL;
        out.push(v);
      }
      return out;
    }
    case 'object':
      return minimalObject(side, type, steps, which, depth);
    case 'record': {
      if (step?.k !== 'values') return {};
      const key = minimal(side, type.key, [], which, depth + 1);
      const value = minimal(side, type.value, rest, which, depth + 1);
      if (key === FAIL || value === FAIL || typeof key !== 'string') return FAIL;
      return { [key]: value };
    }
    case 'union': {
      if (step?.k === 'variant') {
        const member = type.members[step[which]];
        return member ? minimal(side, member, rest, which, depth + 1) : FAIL;
      }
      for (const member of type.members) {
        const v = minimal(side, member, steps, which, depth + 1);
        if (v !== FAIL && accepts(side, member, v, 'tolerant')) return v;
      }
      return FAIL;
    }
    case 'intersection':
      return minimalObject(side, type, step?.k === 'member' ? rest : steps, which, depth);
    case 'not': {
      const v = minimal(side, type.base, steps, which, depth + 1);
      return v !== FAIL && !accepts(side, type.not, v, 'tolerant') ? v : FAIL;
    }
  }
}

function minimalObject(side: DiffSideIndex, type: IRType, steps: readonly Step[], which: Which, depth: number): Built {
  const view = side.objectView(type);
  if (!view) return FAIL;
  const [step, ...rest] = steps;
  const out: Record<string, unknown> = {};
  for (const p of view.properties) {
    const onPath = step?.k === 'prop' && step.name === p.name;
    if (!p.required && !onPath) continue;
    const v = minimal(side, p.type, onPath ? rest : [], which, depth + 1);
    if (v === FAIL) {
      if (p.required) return FAIL;
      continue;
    }
    out[p.name] = v;
  }
  return out;
}

function clone(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** `base` with the place `steps` points at set to `probe` (or removed, for ABSENT). */
function setAt(base: unknown, steps: readonly Step[], probe: unknown): unknown {
  const path = steps.filter((s) => s.k === 'prop' || s.k === 'items' || s.k === 'values' || s.k === 'tuple');
  if (path.length === 0) return probe === ABSENT ? FAIL : probe;
  const root = clone(base);
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const s = path[i]!;
    const last = i === path.length - 1;
    let key: string | number;
    if (s.k === 'prop') {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return FAIL;
      key = s.name;
    } else if (s.k === 'values') {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return FAIL;
      key = Object.keys(node)[0] ?? '0';
    } else {
      if (!Array.isArray(node)) return FAIL;
      key = s.k === 'tuple' ? s.i : 0;
    }
    const container = node as Record<string | number, unknown>;
    if (last) {
      if (probe === ABSENT) {
        if (Array.isArray(container)) return FAIL;
        delete container[key];
      } else container[key] = clone(probe);
      return root;
    }
    if (container[key] === undefined || container[key] === null || typeof container[key] !== 'object') {
      const next = path[i + 1]!;
      container[key] = next.k === 'items' || next.k === 'tuple' ? [] : {};
    }
    node = container[key];
  }
  return root;
}

/** Wrong-typed and edge values tried at every changed place. */
const GENERIC_PROBES: readonly unknown[] = [ABSENT, null, 'x', '0', 0, -1, 1.5, true, {}, []];

function sideMinimals(side: DiffSideIndex, t: IRType | undefined, which: Which): unknown[] {
  if (!t) return [];
  const out: unknown[] = [];
  const add = (type: IRType) => {
    const v = minimal(side, type, [], which);
    if (v !== FAIL) out.push(v);
  };
  add(t);
  const d = side.deref(t);
  if (d.kind === 'union') for (const m of d.members.slice(0, 12)) add(m);
  return out;
}

/**
 * Searches for payloads one version accepts and the other rejects, for each validator mode. A side
 * whose root does not exist (an added declaration) rejects everything; `oldRootType`/`newRootType`
 * override the roots (an added event is looked for in the union of all frames).
 */
export function findExamples(
  a: DiffSideIndex,
  b: DiffSideIndex,
  change: RawChange,
  roots: { readonly old: IRType | null; readonly new: IRType | null },
  steps: readonly Step[] = change.steps,
): ValidationImpact {
  const probes: unknown[] = [];
  const seen = new Set<string>();
  const addProbe = (v: unknown) => {
    const key = v === ABSENT ? '\u0000absent' : JSON.stringify(v);
    if (key === undefined || seen.has(key)) return;
    seen.add(key);
    probes.push(v);
  };
  for (const p of change.probes ?? []) addProbe(p);
  for (const v of sideMinimals(a, change.oldLeaf, 'old')) addProbe(v);
  for (const v of sideMinimals(b, change.newLeaf, 'new')) addProbe(v);
  for (const p of GENERIC_PROBES) addProbe(p);

  const bases: unknown[] = [];
  if (roots.old) {
    const v = minimal(a, roots.old, steps, 'old');
    if (v !== FAIL) bases.push(v);
  }
  if (roots.new) {
    const v = minimal(b, roots.new, steps, 'new');
    if (v !== FAIL) bases.push(v);
  }
  const nowRejected = new Map<ValidationMode, unknown>();
  const nowAccepted = new Map<ValidationMode, unknown>();
  const modes: ValidationMode[] = ['tolerant', 'strict'];
  const tried = new Set<string>();
  const consider = (payload: unknown) => {
    const key = JSON.stringify(payload);
    if (key === undefined || tried.has(key)) return;
    tried.add(key);
    for (const mode of modes) {
      if (nowRejected.has(mode) && nowAccepted.has(mode)) continue;
      const before = roots.old !== null && accepts(a, roots.old, payload, mode);
      const after = roots.new !== null && accepts(b, roots.new, payload, mode);
      if (before && !after && !nowRejected.has(mode)) nowRejected.set(mode, payload);
      if (!before && after && !nowAccepted.has(mode)) nowAccepted.set(mode, payload);
    }
  };
  for (const base of bases) {
    consider(base);
    for (const probe of probes) {
      const payload = setAt(base, steps, probe);
      if (payload !== FAIL) consider(payload);
    }
  }
  const examples = (m: Map<ValidationMode, unknown>): ValidationExample[] => {
    const out: ValidationExample[] = [];
    for (const mode of modes) if (m.has(mode)) out.push({ mode, payload: m.get(mode) });
    return out;
  };
  const rejected = examples(nowRejected);
  const accepted = examples(nowAccepted);
  const effect = rejected.length > 0 && accepted.length > 0 ? 'both' : rejected.length > 0 ? 'tightened' : accepted.length > 0 ? 'loosened' : 'none';
  return { effect, nowRejected: rejected, nowAccepted: accepted };
}
