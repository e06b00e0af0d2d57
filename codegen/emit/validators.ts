import type { GeneratedFile, IR, IRDeclaration, IRProperty, IRType, Literal } from '../ir.js';
import { createHash } from 'node:crypto';
import { header as fileHeader } from './common.js';

/**
 * Emits generated/validators.ts: plain TypeScript functions compiled from the IR, one set per
 * declaration, so the runtime never builds code (no eval, no Function) and never walks a schema.
 *
 * Each declaration `N` gets three functions:
 * - `b_N(x, st)`: a boolean check that stops at the first failure (the fast path);
 * - `c_N(x, p, is, st)`: pushes one issue per problem with its JSON pointer (`p` is the pointer of
 *   `x`). Object-valued properties are walked directly; arrays, records and unions are first
 *   checked with their boolean function and walked only when that fails, so index paths are built
 *   only along the failing spine. On valid input it costs about what `b_N` does, so the runtime
 *   validates and collects in one pass, and rejecting costs about what accepting does;
 * - `s_N(x)`: a copy of a valid `x` without unknown keys (strip mode).
 *
 * `st` is the strictness: 0 tolerant (unknown keys allowed), 1 strict (unknown keys fail), 2 strict
 * below this level only (for intersection members that could not be merged into one object; the
 * intersection then checks its own level against the keys of all members). Intersections of
 * objects are merged first, so strict and strip know every key at every depth.
 *
 * Unions dispatch on a tag instead of trying members: the IR's `discriminator` when it has one,
 * otherwise the first property (in schema order) that is a required literal in every object member
 * (so the receive union switches on `op`, then on `t`). Members are tried in order only when nothing
 * tells them apart, and then the collector reports the branch with the fewest issues rather than a
 * cascade over every branch.
 */
export function emitValidators(ir: IR): GeneratedFile[] {
  // Written in final form (two-space indents, single quotes, one statement per line): formatting
  // 1.7 MB with prettier took 2.2 s, most of a cold regeneration.
  return [{ path: 'validators.ts', contents: new ValidatorCompiler(ir).compile(), formatted: true }];
}

/** A JS literal for a JSON value, with strings single-quoted (the style of the rest of generated/). */
export function js(value: unknown): string {
  if (typeof value === 'string') return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(js).join(', ')}]`;
  return JSON.stringify(value);
}

/** The level expression of a value: `st` at the top of a function, `sn` (0 or 1) below it. */
type Level = string;

type Plan =
  | { readonly kind: 'switch'; readonly key: string; readonly cases: readonly { value: Literal; plan: Plan }[] }
  | { readonly kind: 'try'; readonly members: readonly IRType[] };



function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JS string literal for a path suffix, e.g. `"/author"`. */
function pathLit(key: string): string {
  return js('/' + pointerSegment(key));
}

function sameLevel(level: Level): Level {
  return level.includes('&& 2') ? level : `((${level} && 2) as Strictness)`;
}

/**
 * A read of property `name` of `x` in emitted code. For names Object.prototype has (`constructor`,
 * `__proto__`, `toString`, …) a plain `x['constructor']` would see the inherited value, so every
 * object lacking the property would fail its check: those read own properties only.
 */
function readProp(x: string, name: string): string {
  return name in Object.prototype ? `own(${x}, ${js(name)})` : `${x}[${js(name)}]`;
}

/** Emitted test that `x` has property `name` (own only, for names Object.prototype has). */
function hasProp(x: string, name: string): string {
  return name in Object.prototype ? `Object.prototype.hasOwnProperty.call(${x}, ${js(name)})` : `${js(name)} in ${x}`;
}

class ValidatorCompiler {
  private readonly decls = new Map<string, IRDeclaration>();
  private readonly hoisted: string[] = [];
  private readonly helperNames = new Map<string, string>();
  /** Helper name → the key it was made for, to catch a (very unlikely) hash collision. */
  private readonly helperKeys = new Map<string, string>();
  /** Local names taken in the function being emitted, with how often each base was asked for. */
  private locals = new Map<string, number>();
  /** What the function being emitted checks (`APIMessage`, or a helper's name without its `bh_`). */
  private owner = '';
  /** The local (`x`, `x_author`, `x_embeds_e`) whose value is being compiled: where a helper is met. */
  private site = 'x';
  private readonly stripMemo = new Map<string, boolean>();
  private readonly undefMemo = new Map<string, boolean>();

  constructor(private readonly ir: IR) {
    for (const d of ir.declarations) this.decls.set(d.name, d);
  }

  compile(): string {
    const out: string[] = [];
    const decls = this.ir.declarations;
    for (const d of decls) out.push(this.declaration(d));
    const frames = this.frames();
    const header = [
      fileHeader(this.ir, 'Compiled validators: plain functions, one set per declaration, no eval or Function at runtime.') +
        '/* eslint-disable */',
      "import type * as T from './index.js';",
      '',
      RUNTIME_PRELUDE,
    ];
    const table = decls.map((d) => `  ${d.name}: { check: b_${d.name}, collect: c_${d.name}, strip: s_${d.name} },`);
    const guards = decls.map((d) => `/** True when \`v\` is a valid \`${d.name}\` (unknown keys allowed); never throws for plain data. */\nexport const is${d.name} = (v: unknown): v is T.${d.name} => b_${d.name}(v, 0);`);
    return [
      ...header,
      ...this.hoisted,
      ...out,
      '/** The compiled validator of every declaration, by name. */',
      'export const Validators = {',
      ...table,
      '} as const satisfies Record<string, CompiledValidator>;',
      '',
      ...frames,
      '',
      '// One type guard per declaration: true when the value is valid (unknown keys allowed).',
      ...guards,
      '',
    ].join('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // Declarations and frames

  private declaration(d: IRDeclaration): string {
    const t = this.declType(d);
    const n = d.name;
    return [
      `function b_${n}(x: any, st: Strictness): boolean {`,
      withSn(this.indent(this.inFunction(n, () => this.B(t, 'x', 'st')))),
      '  return true;',
      '}',
      `function c_${n}(x: any, p: string, is: ValidationIssue[], st: Strictness): void {`,
      withSn(this.indent(this.inFunction(n, () => this.C(t, 'x', 'p', 'st')))),
      '}',
      `function s_${n}(x: any): any {`,
      `  return ${this.inFunction(n, () => this.S(t, 'x'))};`,
      '}',
      '',
    ].join('\n');
  }

  /** The structural type of a declaration's body. Enums and flags become unions / flag types. */
  private declType(d: IRDeclaration): IRType {
    const b = d.body;
    switch (b.kind) {
      case 'type':
        return this.normalize(b.type);
      case 'enum': {
        const members: IRType[] = b.members.map((m) => ({ kind: 'literal', value: m.value }));
        if (b.nullable) members.push({ kind: 'null' });
        if (members.length === 0) return { kind: 'never' };
        return members.length === 1 ? members[0]! : { kind: 'union', members };
      }
      case 'flags':
        return { kind: 'flags', name: d.name, base: b.base };
      case 'derived':
        return this.partialOf(b.base, new Set(b.required), new Set());
    }
  }

  /**
   * An intersection of objects becomes one object: a property in several members must satisfy each
   * of their types (merged the same way) and is required if any member requires it. Strict mode
   * then knows every key at every depth — checking each member strictly on its own would call the
   * keys the other member adds unknown.
   */
  private normalize(t: IRType): IRType {
    if (t.kind !== 'intersection') return t;
    if (t.members.length === 0) return { kind: 'unknown' };
    const views: Extract<IRType, { kind: 'object' }>[] = [];
    for (const m of t.members) {
      const v = this.objectView(m, new Set());
      if (v === null || v.additional !== null) return t;
      views.push(v);
    }
    const props = new Map<string, IRProperty>();
    for (const v of views)
      for (const p of v.properties) {
        const seen = props.get(p.name);
        props.set(p.name, seen === undefined ? p : { ...seen, required: seen.required || p.required, type: mergeTypes(seen.type, p.type) });
      }
    return { kind: 'object', properties: [...props.values()], additional: null };
  }

  /** The object a type stands for (through refs, derived partials and nested intersections), if it is one. */
  private objectView(t: IRType, seen: Set<string>): Extract<IRType, { kind: 'object' }> | null {
    switch (t.kind) {
      case 'object':
        return t;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return null;
        seen.add(t.name);
        const body = d.body.kind === 'derived' ? this.partialOf(d.body.base, new Set(d.body.required), new Set()) : d.body.kind === 'type' ? d.body.type : null;
        const r = body === null ? null : this.objectView(body, seen);
        seen.delete(t.name);
        return r;
      }
      case 'intersection': {
        const n = this.normalize(t);
        return n.kind === 'object' ? n : null;
      }
      default:
        return null;
    }
  }

  /** `Partial<Base> & Required<Pick<Base, required>>` as a structural type. */
  private partialOf(base: string, required: ReadonlySet<string>, seen: Set<string>): IRType {
    const d = this.decls.get(base);
    if (!d || seen.has(base)) return { kind: 'unknown' };
    seen.add(base);
    try {
      const b = d.body;
      if (b.kind === 'derived') return this.partialOf(b.base, required, seen);
      if (b.kind !== 'type') return this.declType(d);
      return this.partialType(b.type, required, seen);
    } finally {
      seen.delete(base);
    }
  }

  private partialType(t: IRType, required: ReadonlySet<string>, seen: Set<string>): IRType {
    switch (t.kind) {
      case 'object':
        return {
          kind: 'object',
          properties: t.properties.map((p) => ({ ...p, required: required.has(p.name) })),
          additional: t.additional,
        };
      case 'ref':
        return this.partialOf(t.name, required, seen);
      case 'union': {
        const members = t.members.map((m) => this.partialType(m, required, seen));
        return t.discriminator !== undefined && required.has(t.discriminator)
          ? { kind: 'union', members, discriminator: t.discriminator }
          : { kind: 'union', members };
      }
      case 'intersection':
        return { kind: 'intersection', members: t.members.map((m) => this.partialType(m, required, seen)) };
      default:
        return t;
    }
  }

  /**
   * Frame tables for the runtime's op/t dispatch, and a receive/send frame validator compiled as
   * a union of the frames (so it switches on `op`, then on `t`).
   */
  private frames(): string[] {
    const out: string[] = [];
    const dispatch: string[] = [];
    const receiveOps = new Map<number, string[]>();
    const sendOps = new Map<number, string[]>();
    for (const f of this.ir.frames) {
      if (!this.decls.has(f.name)) continue;
      if (f.direction === 'receive' && f.t !== null) dispatch.push(`  [${js(f.t)}, Validators.${f.name}],`);
      else {
        const m = f.direction === 'receive' ? receiveOps : sendOps;
        const list = m.get(f.op) ?? [];
        list.push(f.name);
        m.set(f.op, list);
      }
    }
    const opTable = (name: string, m: Map<number, string[]>, doc: string): void => {
      const rows: string[] = [];
      for (const [op, names] of [...m].sort((a, b) => a[0] - b[0])) {
        if (names.length === 1) rows.push(`  [${op}, Validators.${names[0]!}],`);
        else {
          const u: IRType = { kind: 'union', members: names.map((n) => ({ kind: 'ref', name: n })) };
          rows.push(`  [${op}, ${this.inFunction(`${name}_${op}`, () => this.validatorObject(u))}],`);
        }
      }
      out.push(`/** ${doc} */`, `export const ${name}: ReadonlyMap<number, CompiledValidator> = new Map<number, CompiledValidator>([`, ...rows, ']);');
    };
    out.push(
      '/** Dispatch frames (op 0) by `t`: the validator of the whole frame. */',
      'export const GatewayDispatchValidators: ReadonlyMap<string, CompiledValidator> = new Map<string, CompiledValidator>([',
      ...dispatch,
      ']);',
    );
    opTable('GatewayReceiveOpValidators', receiveOps, 'Non-dispatch receive frames by `op`.');
    opTable('GatewaySendOpValidators', sendOps, 'Send frames by `op`.');
    for (const dir of ['receive', 'send'] as const) {
      const names = this.ir.frames.filter((f) => f.direction === dir && this.decls.has(f.name)).map((f) => f.name);
      const u: IRType =
        names.length === 0 ? { kind: 'never' } : { kind: 'union', members: names.map((n) => ({ kind: 'ref', name: n })) };
      const cap = dir === 'receive' ? 'Receive' : 'Send';
      out.push(
        `/** Every ${dir} frame, dispatched on \`op\` then \`t\`. */`,
        `export const ${cap}FrameValidator: CompiledValidator = ${this.inFunction(`${cap}Frame`, () => this.validatorObject(u))};`,
      );
    }
    return out;
  }

  private validatorObject(t: IRType): string {
    return `{ check: ${this.boolFn(t)}, collect: ${this.collectFn(t)}, strip: ${this.stripFn(t)} }`;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private indent(code: string, by = '  '): string {
    return code
      .split('\n')
      .map((l) => (l ? by + l : l))
      .join('\n');
  }

  /**
   * A local variable for `what` (a property name, `i`/`e`/`k` of a loop, a tuple index) inside the
   * value held by `of`: `x_author`, `x_author_id`, `x_embeds_e`. Names come from the path, not from
   * a counter, so adding a field renames nothing else; a base asked for twice in one function (the
   * same property in two intersection members) gets `_2`, `_3`, … in emission order.
   */
  private v(what: string, of: string): string {
    const base = localName(of, what);
    const seen = this.locals.get(base);
    this.locals.set(base, (seen ?? 0) + 1);
    if (seen === undefined) return base;
    let name = `${base}_${seen + 1}`;
    while (this.locals.has(name)) name += '_';
    this.locals.set(name, 1);
    return name;
  }

  /** Emits the body of the function that checks `owner`, with a fresh set of local names. */
  private inFunction<T>(owner: string, emit: () => T): T {
    const saved = { locals: this.locals, owner: this.owner, site: this.site };
    this.locals = new Map();
    this.owner = owner;
    this.site = 'x';
    try {
      return emit();
    } finally {
      ({ locals: this.locals, owner: this.owner, site: this.site } = saved);
    }
  }

  /** Compiles the value held by the local `x`: helpers hoisted meanwhile are named after it. */
  private at<T>(x: string, emit: () => T): T {
    if (!/^x(?:_|$)/.test(x)) return emit();
    const saved = this.site;
    this.site = x;
    try {
      return emit();
    } finally {
      this.site = saved;
    }
  }

  /** Hoists a helper once per (kind, type); returns its name. */
  private hoist(kind: 'b' | 'c' | 's' | 'k', t: unknown, make: (name: string) => string, named?: string): string {
    const key = kind + JSON.stringify(t);
    const found = this.helperNames.get(key);
    if (found) return found;
    // Named after where it is first met (the declaration and the path inside it: `bh_APIMessage_embeds_e`),
    // never by a global counter, so a schema change renames nothing outside what changed. Regexes
    // and enum sets are named by what they hold. A second helper met at the same place (a union and
    // its members) gets `_2`, `_3`, … in emission order.
    const wanted = `${kind}h_${named ?? primitiveName(t, key) ?? this.owner + this.site.slice(1)}`;
    let name = wanted;
    for (let n = 2; this.helperKeys.has(name); n++) name = `${wanted}_${n}`;
    this.helperNames.set(key, name);
    this.helperKeys.set(name, key);
    // Reserve the slot first so recursive members see the name, then fill in the body.
    const slot = this.hoisted.length;
    this.hoisted.push('');
    this.hoisted[slot] = this.inFunction(name.slice(3), () => make(name));
    return name;
  }

  private boolFn(t: IRType): string {
    if (t.kind === 'ref') return `b_${t.name}`;
    if (t.kind === 'union') return this.unionBoolFn(t);
    return this.hoist('b', t, (n) =>
      [
        `function ${n}(x: any, st: Strictness): boolean {`,
        withSn(this.indent(this.B(t, 'x', 'st'))),
        '  return true;',
        '}',
        '',
      ].join('\n'),
    );
  }

  private collectFn(t: IRType): string {
    if (t.kind === 'ref') return `c_${t.name}`;
    if (t.kind === 'union') return this.unionCollectFn(t);
    return this.hoist('c', t, (n) =>
      [
        `function ${n}(x: any, p: string, is: ValidationIssue[], st: Strictness): void {`,
        withSn(this.indent(this.C(t, 'x', 'p', 'st'))),
        '}',
        '',
      ].join('\n'),
    );
  }

  private stripFn(t: IRType): string {
    if (!this.needsStrip(t)) return 'same';
    if (t.kind === 'ref') return `s_${t.name}`;
    if (t.kind === 'not') return this.stripFn(t.base);
    return this.stripHelper(t);
  }

  /** The set of property names an object-ish type knows at its own level; null when any key is allowed. */
  private knownKeys(t: IRType, seen = new Set<string>()): Set<string> | null {
    switch (t.kind) {
      case 'object':
        return t.additional === null ? new Set(t.properties.map((p) => p.name)) : null;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return null;
        seen.add(t.name);
        const r = this.knownKeys(this.declType(d), seen);
        seen.delete(t.name);
        return r;
      }
      case 'union':
      case 'intersection': {
        const all = new Set<string>();
        for (const m of t.members) {
          const k = this.knownKeys(m, seen);
          if (k === null) {
            if (this.isObjectish(m)) return null;
            continue;
          }
          for (const x of k) all.add(x);
        }
        return all;
      }
      case 'not':
        return this.knownKeys(t.base, seen);
      default:
        return new Set();
    }
  }

  private isObjectish(t: IRType, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case 'object':
      case 'record':
      case 'unknown':
        return true;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return false;
        seen.add(t.name);
        return this.isObjectish(this.declType(d), seen);
      }
      case 'union':
      case 'intersection':
        return t.members.some((m) => this.isObjectish(m, seen));
      case 'not':
        return this.isObjectish(t.base, seen);
      default:
        return false;
    }
  }

  /** A hoisted `Set` of keys plus a function that says whether an object has only those keys. */
  private keysFn(keys: Set<string>): string {
    const sorted = [...keys].sort();
    return this.hoist('k', sorted, (n) =>
      [
        `const ${n}_keys: ReadonlySet<string> = new Set<string>(${js(sorted)});`,
        `function ${n}(x: any): boolean {`,
        `  for (const k in x) if (!${n}_keys.has(k)) return false;`,
        '  return true;',
        '}',
        '',
      ].join('\n'),
    );
  }

  /** Whether a value of type `t` may be `undefined` (then a required key must be checked with `in`). */
  private acceptsUndefined(t: IRType, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case 'unknown':
        return true;
      case 'ref': {
        if (seen.has(t.name)) return false;
        const memo = this.undefMemo.get(t.name);
        if (memo !== undefined) return memo;
        const d = this.decls.get(t.name);
        if (!d) return false;
        seen.add(t.name);
        const r = this.acceptsUndefined(this.declType(d), seen);
        seen.delete(t.name);
        this.undefMemo.set(t.name, r);
        return r;
      }
      case 'union':
        return t.members.some((m) => this.acceptsUndefined(m, seen));
      case 'intersection':
        return t.members.every((m) => this.acceptsUndefined(m, seen));
      case 'not':
        return this.acceptsUndefined(t.base, seen) && !this.acceptsUndefined(t.not, seen);
      default:
        return false;
    }
  }

  /** Whether stripping can change a value of this type (it contains an object somewhere). */
  private needsStrip(t: IRType, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case 'object':
      case 'record':
      case 'intersection':
        return true;
      case 'unknown':
        return false;
      case 'ref': {
        const memo = this.stripMemo.get(t.name);
        if (memo !== undefined) return memo;
        if (seen.has(t.name)) return true;
        const d = this.decls.get(t.name);
        if (!d) return false;
        seen.add(t.name);
        const r = this.needsStrip(this.declType(d), seen);
        seen.delete(t.name);
        this.stripMemo.set(t.name, r);
        return r;
      }
      case 'array':
        return this.needsStrip(t.items, seen);
      case 'tuple':
        return t.items.some((i) => this.needsStrip(i.type, seen)) || (t.rest !== null && this.needsStrip(t.rest, seen));
      case 'union':
        return t.members.some((m) => this.needsStrip(m, seen));
      case 'not':
        return this.needsStrip(t.base, seen);
      default:
        return false;
    }
  }

  /** A short description of what a type expects, for issues. */
  private describe(t: IRType, depth = 0): string {
    switch (t.kind) {
      case 'unknown':
        return 'any value';
      case 'never':
        return 'nothing (no value is allowed)';
      case 'string': {
        const c: string[] = [];
        if (t.minLength !== undefined) c.push(`length >= ${t.minLength}`);
        if (t.maxLength !== undefined) c.push(`length <= ${t.maxLength}`);
        if (t.pattern !== undefined) c.push(`matching /${t.pattern}/`);
        return c.length ? `string (${c.join(', ')})` : 'string';
      }
      case 'number': {
        const c: string[] = [];
        if (t.minimum !== undefined) c.push(`>= ${t.minimum}`);
        if (t.maximum !== undefined) c.push(`<= ${t.maximum}`);
        const base = t.integer ? 'integer' : 'number';
        return c.length ? `${base} (${c.join(', ')})` : base;
      }
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'literal':
        return JSON.stringify(t.value);
      case 'ref': {
        const d = this.decls.get(t.name);
        if (d && depth < 2 && (d.body.kind === 'enum' || d.body.kind === 'flags')) return `${t.name} (${this.describe(this.declType(d), depth + 1)})`;
        return t.name;
      }
      case 'array':
        return `array of ${this.describe(t.items, depth + 1)}`;
      case 'tuple':
        return `tuple of ${t.items.length} items`;
      case 'object':
        return 'object';
      case 'record':
        return `object of ${this.describe(t.value, depth + 1)}`;
      case 'union': {
        const parts = t.members.map((m) => this.describe(m, depth + 1));
        const s = parts.join(' | ');
        return s.length > 200 ? `one of ${parts.length} kinds` : s;
      }
      case 'intersection':
        return t.members.map((m) => this.describe(m, depth + 1)).join(' & ');
      case 'not':
        return `${this.describe(t.base, depth + 1)} but not ${this.describe(t.not, depth + 1)}`;
      case 'flags':
        return t.base === 'integer' ? 'non-negative integer bitfield' : 'bitfield as a decimal string';
    }
  }

  /** The "broad" JS kind of a type: what `kindOf(x)` must be for it to have a chance. */
  private broad(t: IRType, seen = new Set<string>()): Set<string> | null {
    switch (t.kind) {
      case 'string':
        return new Set(['string']);
      case 'number':
        return new Set(['number']);
      case 'boolean':
        return new Set(['boolean']);
      case 'null':
        return new Set(['null']);
      case 'literal':
        return new Set([t.value === null ? 'null' : typeof t.value]);
      case 'flags':
        return new Set([t.base === 'integer' ? 'number' : 'string']);
      case 'array':
      case 'tuple':
        return new Set(['array']);
      case 'object':
      case 'record':
        return new Set(['object']);
      case 'never':
        return new Set();
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return null;
        seen.add(t.name);
        const r = this.broad(this.declType(d), seen);
        seen.delete(t.name);
        return r;
      }
      case 'union': {
        const all = new Set<string>();
        for (const m of t.members) {
          const b = this.broad(m, seen);
          if (b === null) return null;
          for (const x of b) all.add(x);
        }
        return all;
      }
      case 'not':
        return this.broad(t.base, seen);
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Union planning

  /** Required literal properties of an object member, resolved through refs and intersections. */
  private literalProps(t: IRType, seen = new Set<string>()): Map<string, Literal> | null {
    switch (t.kind) {
      case 'object': {
        const m = new Map<string, Literal>();
        for (const p of t.properties) {
          if (!p.required) continue;
          const v = this.literalOf(p.type);
          if (v !== undefined) m.set(p.name, v);
        }
        return m;
      }
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return null;
        seen.add(t.name);
        const r = this.literalProps(this.declType(d), seen);
        seen.delete(t.name);
        return r;
      }
      case 'intersection': {
        let any = false;
        const m = new Map<string, Literal>();
        for (const x of t.members) {
          const r = this.literalProps(x, seen);
          if (r === null) continue;
          any = true;
          for (const [k, v] of r) m.set(k, v);
        }
        return any ? m : null;
      }
      default:
        return null;
    }
  }

  private literalOf(t: IRType, seen = new Set<string>()): Literal | undefined {
    if (t.kind === 'literal') return t.value;
    if (t.kind === 'null') return null;
    if (t.kind === 'ref') {
      const d = this.decls.get(t.name);
      if (!d || seen.has(t.name)) return undefined;
      seen.add(t.name);
      return this.literalOf(this.declType(d), seen);
    }
    return undefined;
  }

  /** Property order of the first member, for choosing tags deterministically in schema order. */
  private propertyOrder(t: IRType, seen = new Set<string>()): string[] {
    if (t.kind === 'object') return t.properties.map((p) => p.name);
    if (t.kind === 'ref') {
      const d = this.decls.get(t.name);
      if (!d || seen.has(t.name)) return [];
      seen.add(t.name);
      return this.propertyOrder(this.declType(d), seen);
    }
    if (t.kind === 'intersection') return t.members.flatMap((m) => this.propertyOrder(m, seen));
    return [];
  }

  private plan(members: readonly IRType[], preferred: string | undefined, used: ReadonlySet<string>): Plan {
    if (members.length <= 1) return { kind: 'try', members };
    const props = members.map((m) => this.literalProps(m));
    if (props.some((p) => p === null)) return { kind: 'try', members };
    const candidates = [...(preferred !== undefined ? [preferred] : []), ...this.propertyOrder(members[0]!)];
    for (const key of candidates) {
      if (used.has(key)) continue;
      if (!props.every((p) => p!.has(key))) continue;
      const groups = new Map<string, { value: Literal; members: IRType[] }>();
      members.forEach((m, i) => {
        const value = props[i]!.get(key)!;
        const k = js(value);
        const g = groups.get(k) ?? { value, members: [] };
        g.members.push(m);
        groups.set(k, g);
      });
      if (groups.size < 2) continue;
      const nextUsed = new Set(used).add(key);
      return {
        kind: 'switch',
        key,
        cases: [...groups.values()].map((g) => ({ value: g.value, plan: this.plan(g.members, undefined, nextUsed) })),
      };
    }
    return { kind: 'try', members };
  }

  /** Splits union members into object members that can be planned and the rest. */
  private splitUnion(t: Extract<IRType, { kind: 'union' }>): { objects: IRType[]; others: IRType[]; plan: Plan | null } {
    const objects: IRType[] = [];
    const others: IRType[] = [];
    for (const m of t.members) (this.literalProps(m) !== null ? objects : others).push(m);
    // Planning is exact only when no other member can be an object too.
    const othersObjectish = others.some((m) => {
      const b = this.broad(m);
      return b === null || b.has('object');
    });
    if (objects.length < 2 || othersObjectish) return { objects: [], others: [...t.members], plan: null };
    const plan = this.plan(objects, t.discriminator, new Set());
    return plan.kind === 'switch' ? { objects, others, plan } : { objects: [], others: [...t.members], plan: null };
  }

  // ---------------------------------------------------------------------------------------------
  // Boolean checks

  /** A closed-form boolean expression, or null when the type needs statements. */
  private simpleExpr(t: IRType, x: string, level: Level): string | null {
    switch (t.kind) {
      case 'unknown':
        return 'true';
      case 'never':
        return 'false';
      case 'string': {
        const parts = [`typeof ${x} === 'string'`];
        if (t.minLength !== undefined) parts.push(`${x}.length >= ${t.minLength}`);
        if (t.maxLength !== undefined) parts.push(`${x}.length <= ${t.maxLength}`);
        // The snowflake pattern is on every id: a character loop beats a regex call there.
        if (t.pattern !== undefined) parts.push(DIGITS_PATTERNS.has(t.pattern) ? `digits(${x})` : `${this.regex(t.pattern)}.test(${x})`);
        return parts.length === 1 ? parts[0]! : `(${parts.join(' && ')})`;
      }
      case 'number': {
        const parts = t.integer ? [`Number.isSafeInteger(${x})`] : [`typeof ${x} === 'number'`, `Number.isFinite(${x})`];
        if (t.minimum !== undefined) parts.push(`${x} >= ${t.minimum}`);
        if (t.maximum !== undefined) parts.push(`${x} <= ${t.maximum}`);
        return parts.length === 1 ? parts[0]! : `(${parts.join(' && ')})`;
      }
      case 'boolean':
        return `typeof ${x} === 'boolean'`;
      case 'null':
        return `${x} === null`;
      case 'literal':
        return `${x} === ${js(t.value)}`;
      case 'flags':
        return t.base === 'integer' ? `(Number.isSafeInteger(${x}) && ${x} >= 0)` : `(typeof ${x} === 'string' && digits(${x}))`;
      case 'ref': {
        const d = this.decls.get(t.name);
        // Closed-form declarations (Snowflake, enums, flags) are inlined rather than called.
        if (d && d.body.kind !== 'derived') {
          const inner = this.declType(d);
          if (inner.kind !== 'ref' && inner.kind !== 'union' && this.isPrimitive(inner)) return this.simpleExpr(inner, x, level);
          if (d.body.kind === 'enum') return this.enumExpr(d.name, inner, x);
        }
        return `b_${t.name}(${x}, ${level})`;
      }
      case 'union':
        if (t.members.length === 0) return 'false';
        // Closed form only when at most one member needs a call (e.g. `User | null`): several
        // object members go through a planned switch instead of being tried one after another.
        if (t.members.every((m) => this.isPrimitive(m) || m.kind === 'ref') && t.members.filter((m) => !this.isPrimitive(m)).length <= 1) {
          const parts = t.members.map((m) => this.simpleExpr(m, x, level)!);
          return `(${parts.join(' || ')})`;
        }
        return null;
      default:
        return null;
    }
  }

  /** A hoisted regular expression (a pattern's source, compiled once with the `u` flag). */
  private regex(source: string): string {
    return this.hoist('k', { re: source }, (n) => `const ${n} = new RegExp(${js(source)}, 'u');\n`, `re_${contentHash(source, 10)}`);
  }

  private isPrimitive(t: IRType): boolean {
    return ['unknown', 'never', 'string', 'number', 'boolean', 'null', 'literal', 'flags'].includes(t.kind);
  }

  private enumExpr(name: string, t: IRType, x: string): string {
    const values: Literal[] = t.kind === 'union' ? t.members.map((m) => this.literalOf(m)!) : [this.literalOf(t)!];
    if (values.length <= 4) return `(${values.map((v) => `${x} === ${js(v)}`).join(' || ')})`;
    const set = this.hoist('k', { enum: name }, (n) => `const ${n}: ReadonlySet<unknown> = new Set<unknown>(${js(values)});\n`, `${name}_values`);
    return `${set}.has(${x})`;
  }

  /** A boolean expression for any type: closed form, or a call to a (hoisted) function. */
  private expr(t: IRType, x: string, level: Level): string {
    return this.simpleExpr(t, x, level) ?? `${this.at(x, () => this.boolFn(t))}(${x}, ${level})`;
  }

  /** Statements that `return false` when `x` does not satisfy `t`. */
  private B(t: IRType, x: string, level: Level): string {
    return this.at(x, () => this.statementsB(t, x, level));
  }

  private statementsB(t: IRType, x: string, level: Level): string {
    t = this.normalize(t);
    const simple = this.simpleExpr(t, x, level);
    if (simple !== null) return simple === 'true' ? '' : `if (!${wrap(simple)}) return false;`;
    switch (t.kind) {
      case 'object': {
        const lines = [`if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) return false;`];
        for (const p of t.properties) lines.push(this.propB(p, x));
        lines.push(...this.extraKeysB(t, x, level));
        return lines.filter(Boolean).join('\n');
      }
      case 'array': {
        const i = this.v('i', x);
        const e = this.v('e', x);
        const inner = this.B(t.items, e, 'sn');
        const bounds = (t.minItems !== undefined ? ` || ${x}.length < ${t.minItems}` : '') + (t.maxItems !== undefined ? ` || ${x}.length > ${t.maxItems}` : '');
        if (!inner) return `if (!Array.isArray(${x})${bounds}) return false;`;
        return [
          `if (!Array.isArray(${x})${bounds}) return false;`,
          `for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`,
          `  const ${e} = ${x}[${i}];`,
          this.indent(inner),
          '}',
        ].join('\n');
      }
      case 'tuple': {
        const n = t.items.length;
        const lines = [`if (!Array.isArray(${x}) || ${x}.length < ${t.minItems}${t.rest === null ? ` || ${x}.length > ${n}` : ''}) return false;`];
        t.items.forEach((item, idx) => {
          const e = this.v(String(idx), x);
          const inner = this.B(item.type, e, 'sn');
          if (!inner) return;
          const body = `const ${e} = ${x}[${idx}];\n${inner}`;
          lines.push(idx < t.minItems ? `{\n${this.indent(body)}\n}` : `if (${x}.length > ${idx}) {\n${this.indent(body)}\n}`);
        });
        if (t.rest !== null) {
          const i = this.v('i', x);
          const e = this.v('e', x);
          const inner = this.B(t.rest, e, 'sn');
          if (inner) lines.push(`for (let ${i} = ${n}; ${i} < ${x}.length; ${i}++) {`, `  const ${e} = ${x}[${i}];`, this.indent(inner), '}');
        }
        return lines.join('\n');
      }
      case 'record': {
        const k = this.v('k', x);
        const e = this.v('e', x);
        const keyOk = this.expr(t.key, k, 'sn');
        const inner = this.B(t.value, e, 'sn');
        const body: string[] = [];
        if (!trivialKey(keyOk)) body.push(`if (!${wrap(keyOk)}) return false;`);
        if (inner) body.push(`const ${e} = ${x}[${k}];`, inner);
        const lines = [`if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) return false;`];
        if (body.length) lines.push(`for (const ${k} in ${x}) {`, this.indent(body.join('\n')), '}');
        return lines.join('\n');
      }
      case 'intersection': {
        const lines = t.members.map((m) => this.B(m, x, sameLevel(level)));
        const keys = this.knownKeys(t);
        if (keys !== null && t.members.some((m) => this.isObjectish(m))) lines.push(`if (${level} === 1 && !${this.keysFn(keys)}(${x})) return false;`);
        return lines.filter(Boolean).join('\n');
      }
      case 'not':
        return [this.B(t.base, x, level), `if (${this.expr(t.not, x, '0')}) return false;`].filter(Boolean).join('\n');
      case 'union':
        return `if (!${this.unionBoolFn(t)}(${x}, ${level})) return false;`;
      default:
        return `if (!${wrap(this.expr(t, x, level))}) return false;`;
    }
  }

  private propB(p: IRProperty, x: string): string {
    const v = this.v(p.name, x);
    const inner = this.B(p.type, v, 'sn');
    const access = readProp(x, p.name);
    if (p.required && this.acceptsUndefined(p.type)) {
      const presence = `if (!(${hasProp(x, p.name)})) return false;`;
      return inner ? `${presence}\nconst ${v} = ${access};\n${inner}` : presence;
    }
    if (!inner) return '';
    const single = /^if \((.*)\) return false;$/.exec(inner);
    if (p.required) return single && usesOnce(inner, v) ? inner.replace(new RegExp(`(?<![\\w$])${v.replace(/\$/g, '\\$')}(?![\\w$])`), () => access) : `const ${v} = ${access};\n${inner}`;
    if (single) return `const ${v} = ${access};\nif (${v} !== undefined && ${single[1]!}) return false;`;
    return `const ${v} = ${access};\nif (${v} !== undefined) {\n${this.indent(inner)}\n}`;
  }

  private extraKeysB(t: Extract<IRType, { kind: 'object' }>, x: string, level: Level): string[] {
    const keys = new Set(t.properties.map((p) => p.name));
    if (t.additional === null) return [`if (${level} === 1 && !${this.keysFn(keys)}(${x})) return false;`];
    if (t.additional.kind === 'never') return [`if (!${this.keysFn(keys)}(${x})) return false;`];
    const k = this.v('k', x);
    const e = this.v('e', x);
    const inner = this.B(t.additional, e, 'sn');
    if (!inner) return [];
    const known = this.keysFn(keys);
    return [`for (const ${k} in ${x}) {`, `  if (${known}_keys.has(${k})) continue;`, `  const ${e} = ${x}[${k}];`, this.indent(inner), '}'];
  }

  private unionBoolFn(t: Extract<IRType, { kind: 'union' }>): string {
    return this.hoist('b', t, (n) => {
      const { others, plan } = this.splitUnion(t);
      const lines: string[] = [];
      if (plan !== null) {
        if (others.length) lines.push(`if (${others.map((m) => this.expr(m, 'x', 'st')).join(' || ')}) return true;`);
        lines.push(`if (typeof x !== 'object' || x === null) return false;`);
        lines.push(this.planBool(plan, 'x'));
      } else {
        lines.push(`return ${t.members.map((m) => this.expr(m, 'x', 'st')).join(' || ') || 'false'};`);
      }
      return [`function ${n}(x: any, st: Strictness): boolean {`, this.indent(lines.join('\n')), '}', ''].join('\n');
    });
  }

  private planBool(plan: Plan, x: string): string {
    if (plan.kind === 'try') return `return ${plan.members.map((m) => this.expr(m, x, 'st')).join(' || ') || 'false'};`;
    const lines = [`switch (${readProp(x, plan.key)}) {`];
    for (const c of plan.cases) lines.push(`  case ${js(c.value)}: {`, this.indent(this.planBool(c.plan, x), '    '), '  }');
    lines.push('  default:', '    return false;', '}');
    return lines.join('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // Issue collection

  /** Statements that push issues for `x` (at pointer expression `p`) onto `is`. */
  private C(t: IRType, x: string, p: string, level: Level): string {
    return this.at(x, () => this.statementsC(t, x, p, level));
  }

  private statementsC(t: IRType, x: string, p: string, level: Level): string {
    t = this.normalize(t);
    const simple = this.simpleExpr(t, x, level);
    if (simple !== null && !(t.kind === 'ref' && simple.startsWith('b_')) && t.kind !== 'union') {
      if (simple === 'true') return '';
      const desc = js(this.describe(t));
      if (!this.valueKind(t)) return `if (!${wrap(simple)}) typ(is, ${p}, ${desc}, ${x});`;
      // Right kind, wrong value (a literal, enum member, pattern or bound) is invalid_value.
      const kinds = this.broad(t);
      const kind = kinds !== null && kinds.size === 1 ? [...kinds][0]! : null;
      if (kind === null) return `if (!${wrap(simple)}) iss(is, ${p}, 'invalid_value', ${desc}, ${x});`;
      return `if (!${wrap(simple)}) bad(is, ${p}, ${desc}, ${x}, ${js(kind)});`;
    }
    switch (t.kind) {
      case 'ref':
        if (this.isObjectWalker(t)) return `c_${t.name}(${x}, ${p}, is, ${level});`;
        return `if (!b_${t.name}(${x}, ${level})) c_${t.name}(${x}, ${p}, is, ${level});`;
      case 'object': {
        // Generated code rather than a table: constant-key property loads and direct calls keep
        // rejecting close to the cost of accepting.
        const lines: string[] = [];
        for (const prop of t.properties) lines.push(this.propC(prop, x, p));
        lines.push(...this.extraKeysC(t, x, p, level));
        return [
          `if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) typ(is, ${p}, 'object', ${x});`,
          'else {',
          this.indent(lines.filter(Boolean).join('\n')),
          '}',
        ].join('\n');
      }
      case 'array': {
        const i = this.v('i', x);
        const e = this.v('e', x);
        const inner = this.childC(t.items, e, `${p} + '/' + ${i}`);
        const lines = [`if (!Array.isArray(${x})) typ(is, ${p}, ${js(this.describe(t))}, ${x});`];
        const rest: string[] = [];
        if (t.minItems !== undefined) rest.push(`if (${x}.length < ${t.minItems}) iss(is, ${p}, 'too_small', ${js(`at least ${t.minItems} items`)}, ${x});`);
        if (t.maxItems !== undefined) rest.push(`if (${x}.length > ${t.maxItems}) iss(is, ${p}, 'too_big', ${js(`at most ${t.maxItems} items`)}, ${x});`);
        if (inner) rest.push(`for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`, `  const ${e} = ${x}[${i}];`, this.indent(inner), '}');
        if (rest.length) lines.push('else {', this.indent(rest.join('\n')), '}');
        return lines.join('\n');
      }
      case 'tuple': {
        const n = t.items.length;
        const lines = [
          `if (${x}.length < ${t.minItems}) iss(is, ${p}, 'too_small', ${js(`at least ${t.minItems} items`)}, ${x});`,
        ];
        if (t.rest === null) lines.push(`if (${x}.length > ${n}) iss(is, ${p}, 'too_big', ${js(`at most ${n} items`)}, ${x});`);
        t.items.forEach((item, idx) => {
          const e = this.v(String(idx), x);
          const inner = this.childC(item.type, e, `${p} + '/${idx}'`);
          if (inner) lines.push(`if (${x}.length > ${idx}) {`, `  const ${e} = ${x}[${idx}];`, this.indent(inner), '}');
        });
        if (t.rest !== null) {
          const i = this.v('i', x);
          const e = this.v('e', x);
          const inner = this.childC(t.rest, e, `${p} + '/' + ${i}`);
          if (inner) lines.push(`for (let ${i} = ${n}; ${i} < ${x}.length; ${i}++) {`, `  const ${e} = ${x}[${i}];`, this.indent(inner), '}');
        }
        return [
          `if (!Array.isArray(${x})) typ(is, ${p}, 'array', ${x});`,
          'else {',
          this.indent(lines.join('\n')),
          '}',
        ].join('\n');
      }
      case 'record': {
        const k = this.v('k', x);
        const e = this.v('e', x);
        const keyOk = this.expr(t.key, k, 'sn');
        const inner = this.childC(t.value, e, `${p} + '/' + esc(${k})`);
        const body: string[] = [];
        if (!trivialKey(keyOk))
          body.push(`if (!${wrap(keyOk)}) iss(is, ${p} + '/' + esc(${k}), 'invalid_key', ${js(`key: ${this.describe(t.key)}`)}, ${k});`);
        if (inner) body.push(`const ${e} = ${x}[${k}];`, inner);
        return [
          `if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) typ(is, ${p}, 'object', ${x});`,
          ...(body.length ? [`else for (const ${k} in ${x}) {`, this.indent(body.join('\n')), '}'] : []),
        ].join('\n');
      }
      case 'intersection': {
        // Members often restate the same property: report each path once.
        const mark = this.v('n', x);
        const lines = [`const ${mark} = is.length;`, ...t.members.map((m) => this.C(m, x, p, sameLevel(level)))];
        const keys = this.knownKeys(t);
        if (keys !== null && t.members.some((m) => this.isObjectish(m))) lines.push(`if (${level} === 1) unknownKeys(is, ${p}, ${x}, ${this.keysFn(keys)}_keys);`);
        lines.push(`onePerPath(is, ${mark});`);
        return lines.filter(Boolean).join('\n');
      }
      case 'not': {
        return [
          `if (!${wrap(this.expr(t.base, x, level))}) {`,
          this.indent(this.C(t.base, x, p, level)),
          `} else if (${this.expr(t.not, x, '0')}) iss(is, ${p}, 'not', ${js(this.describe(t))}, ${x});`,
        ].join('\n');
      }
      case 'union':
        return `if (!${this.expr(t, x, level)}) ${this.unionCollectFn(t)}(${x}, ${p}, is, ${level});`;
      default:
        return `if (!${wrap(this.expr(t, x, level))}) typ(is, ${p}, ${js(this.describe(t))}, ${x});`;
    }
  }

  /** Whether the collector of `t` is an object walk (an object, or a ref/derived/intersection of objects). */
  private isObjectWalker(t: IRType, seen = new Set<string>()): boolean {
    switch (t.kind) {
      case 'object':
        return true;
      case 'intersection':
        return t.members.every((m) => this.isObjectWalker(m, seen));
      case 'ref': {
        const d = this.decls.get(t.name);
        if (!d || seen.has(t.name)) return false;
        seen.add(t.name);
        return d.body.kind === 'derived' || (d.body.kind === 'type' && this.isObjectWalker(d.body.type, seen));
      }
      default:
        return false;
    }
  }

  /** Whether a value of the right JS kind can still fail (literals, enums, patterns, bounds). */
  private valueKind(t: IRType): boolean {
    switch (t.kind) {
      case 'literal':
      case 'flags':
        return true;
      case 'string':
        return t.minLength !== undefined || t.maxLength !== undefined || t.pattern !== undefined;
      case 'number':
        return t.minimum !== undefined || t.maximum !== undefined;
      case 'ref': {
        const d = this.decls.get(t.name);
        if (d === undefined || d.body.kind === 'derived') return false;
        return d.body.kind !== 'type' || this.valueKind(d.body.type);
      }
      default:
        return false;
    }
  }

  /** Issues for a child value: only descends when the child's own check fails. */
  private childC(t: IRType, x: string, p: string, direct = false): string {
    return this.at(x, () => this.statementsChildC(t, x, p, direct));
  }

  private statementsChildC(t: IRType, x: string, p: string, direct: boolean): string {
    const simple = this.simpleExpr(t, x, 'sn');
    if (simple === 'true') return '';
    if (simple !== null && !simple.includes('(' + x + ', sn)')) return this.C(t, x, p, 'sn');
    // An object property that is itself an object: descend straight into its collector, which
    // costs about what its boolean check would on valid input, instead of checking it first and
    // walking it a second time when it fails.
    if (direct && this.isObjectWalker(t)) return `${this.collectFn(t)}(${x}, ${p}, is, sn);`;
    if (t.kind === 'ref') return `if (!b_${t.name}(${x}, sn)) c_${t.name}(${x}, ${p}, is, sn);`;
    return `if (!${this.boolFn(t)}(${x}, sn)) ${this.collectFn(t)}(${x}, ${p}, is, sn);`;
  }

  private propC(prop: IRProperty, x: string, p: string): string {
    const v = this.v(prop.name, x);
    const childPath = `${p} + ${pathLit(prop.name)}`;
    const inner = this.childC(prop.type, v, childPath, true);
    const stmt = inner.includes('\n') ? `{\n${this.indent(inner)}\n}` : inner;
    const access = readProp(x, prop.name);
    const desc = js(this.describe(prop.type));
    if (prop.required) {
      const missing = this.acceptsUndefined(prop.type) ? `!(${hasProp(x, prop.name)})` : `${v} === undefined`;
      const miss = `if (${missing}) miss(is, ${childPath}, ${desc});`;
      return `const ${v} = ${access};\n${miss}${stmt ? `\nelse ${stmt}` : ''}`;
    }
    if (!stmt) return '';
    return `const ${v} = ${access};\nif (${v} !== undefined) ${stmt}`;
  }

  private extraKeysC(t: Extract<IRType, { kind: 'object' }>, x: string, p: string, level: Level): string[] {
    const keys = new Set(t.properties.map((q) => q.name));
    if (t.additional === null) return [`if (${level} === 1) unknownKeys(is, ${p}, ${x}, ${this.keysFn(keys)}_keys);`];
    if (t.additional.kind === 'never') return [`unknownKeys(is, ${p}, ${x}, ${this.keysFn(keys)}_keys);`];
    const k = this.v('k', x);
    const e = this.v('e', x);
    const inner = this.childC(t.additional, e, `${p} + '/' + esc(${k})`);
    if (!inner) return [];
    return [`for (const ${k} in ${x}) {`, `  if (${this.keysFn(keys)}_keys.has(${k})) continue;`, `  const ${e} = ${x}[${k}];`, this.indent(inner), '}'];
  }

  /**
   * Issues for a union: follow the tag when there is one (an unknown tag is one issue at the tag's
   * path), otherwise report the single member of the value's kind, or the member with the fewest
   * issues.
   */
  private unionCollectFn(t: Extract<IRType, { kind: 'union' }>): string {
    return this.hoist('c', t, (n) => {
      const { objects, others, plan } = this.splitUnion(t);
      const lines: string[] = [];
      const desc = js(this.describe(t));
      const candidates = (members: readonly IRType[]): string => {
        // Members whose broad kind can match the value; members of unknown kind always can. With a
        // selector, each row also says whether the selector's value admits the member (#11.10).
        const rows = members.map((m) => {
          const b = this.broad(m);
          const select = t.selector !== undefined ? `, ${this.selectFn(m, t.selector)}` : '';
          return `[${b === null ? 'null' : js([...b])}, ${this.collectFn(m)}${select}]`;
        });
        return `[${rows.join(', ')}]`;
      };
      if (plan !== null) {
        lines.push(`if (typeof x === 'object' && x !== null && !Array.isArray(x)) {`);
        lines.push(this.indent(this.planCollect(plan, 'x', desc)));
        lines.push('}');
        void objects;
        lines.push(`pickBranch(x, p, is, st, ${candidates(others)}, ${desc});`);
      } else {
        lines.push(`pickBranch(x, p, is, st, ${candidates(t.members)}, ${desc});`);
      }
      return [`function ${n}(x: any, p: string, is: ValidationIssue[], st: Strictness): void {`, this.indent(lines.join('\n')), '}', ''].join('\n');
    });
  }

  /**
   * A predicate on an object: whether the value of a union's selector key admits this member (an
   * optional key may be absent). A member it rejects cannot accept the object, so its issues are
   * not the ones to report.
   */
  private selectFn(m: IRType, key: string): string {
    const prop = this.objectView(m, new Set())?.properties.find((q) => q.name === key);
    if (prop === undefined) return 'null';
    return this.hoist('k', { select: key, type: prop.type, required: prop.required }, (n) => {
      const check = wrap(this.expr(prop.type, 'v', '0'));
      const admits = prop.required
        ? this.acceptsUndefined(prop.type)
          ? `${js(key)} in x && ${check}`
          : `v !== undefined && ${check}`
        : `v === undefined || ${check}`;
      return [`function ${n}(x: any): boolean {`, `  const v = x[${js(key)}];`, `  return ${admits};`, '}', ''].join('\n');
    });
  }

  private planCollect(plan: Plan, x: string, desc: string): string {
    if (plan.kind === 'try') {
      if (plan.members.length === 1) {
        const m = plan.members[0]!;
        return `${this.collectFn(m)}(${x}, p, is, st);\nreturn;`;
      }
      const rows = plan.members.map((m) => `[null, ${this.collectFn(m)}]`);
      return `pickBranch(${x}, p, is, st, [${rows.join(', ')}], ${desc});\nreturn;`;
    }
    const values = plan.cases.map((c) => JSON.stringify(c.value)).join(' | ');
    const tagPath = `p + ${pathLit(plan.key)}`;
    const lines = [`switch (${readProp(x, plan.key)}) {`];
    for (const c of plan.cases) lines.push(`  case ${js(c.value)}: {`, this.indent(this.planCollect(c.plan, x, desc), '    '), '  }');
    lines.push(
      '  default:',
      `    iss(is, ${tagPath}, ${hasProp(x, plan.key)} ? 'invalid_value' : 'missing', ${js(values.length > 300 ? `one of ${plan.cases.length} known values` : values)}, ${readProp(x, plan.key)});`,
      '    return;',
      '}',
    );
    return lines.join('\n');
  }

  // ---------------------------------------------------------------------------------------------
  // Strip

  /** An expression giving a copy of a valid `x` without unknown keys. */
  private S(t: IRType, x: string): string {
    t = this.normalize(t);
    if (!this.needsStrip(t)) return x;
    switch (t.kind) {
      case 'ref':
        return `s_${t.name}(${x})`;
      case 'not':
        return this.S(t.base, x);
      default:
        return `${this.stripHelper(t)}(${x})`;
    }
  }

  private stripHelper(t: IRType): string {
    return this.hoist('s', t, (n) => {
      const body: string[] = [];
      switch (t.kind) {
        case 'object': {
          // Constant-key stores build each shape the same way, which keeps strip mode fast.
          body.push('const o: any = {};', 'let v: any;');
          for (const p of t.properties) {
            const k = js(p.name);
            const value = this.at(localName('x', p.name), () => this.S(p.type, 'v'));
            const read = readProp('x', p.name);
            body.push(p.name === '__proto__' ? `if ((v = ${read}) !== undefined) put(o, ${k}, ${value});` : `if ((v = ${read}) !== undefined) o[${k}] = ${value};`);
          }
          if (t.additional !== null && t.additional.kind !== 'never') {
            const known = this.keysFn(new Set(t.properties.map((p) => p.name)));
            body.push(`for (const k in x) if (!${known}_keys.has(k)) put(o, k, ${this.at('x_v', () => this.S(t.additional!, 'x[k]'))});`);
          }
          body.push('return o;');
          break;
        }
        case 'array':
          body.push(`return x.map((e: any) => ${this.at('x_e', () => this.S(t.items, 'e'))});`);
          break;
        case 'tuple': {
          const items = t.items.map((it, i) => this.at(`x_${i}`, () => this.S(it.type, 'e')).replace(/^/, `i === ${i} ? `));
          const rest = t.rest === null ? 'e' : this.at('x_e', () => this.S(t.rest!, 'e'));
          body.push(`return x.map((e: any, i: number) => ${[...items, rest].join(' : ')});`);
          break;
        }
        case 'record':
          body.push('const o: any = {};', `for (const k in x) put(o, k, ${this.at('x_v', () => this.S(t.value, 'x[k]'))});`, 'return o;');
          break;
        case 'intersection':
          body.push(
            `if (typeof x !== 'object' || x === null || Array.isArray(x)) return x;`,
            `return Object.assign({}, ${t.members.map((m) => this.S(m, 'x')).join(', ')});`,
          );
          break;
        case 'union': {
          const { others, plan } = this.splitUnion(t);
          for (const m of plan !== null ? others : t.members) body.push(`if (${this.expr(m, 'x', '0')}) return ${this.S(m, 'x')};`);
          body.push(plan !== null ? this.planStrip(plan) : 'return x;');
          break;
        }
        default:
          body.push('return x;');
      }
      return [`function ${n}(x: any): any {`, this.indent(body.join('\n')), '}', ''].join('\n');
    });
  }

  private planStrip(plan: Plan): string {
    if (plan.kind === 'try') {
      if (plan.members.length === 1) return `return ${this.S(plan.members[0]!, 'x')};`;
      return plan.members.map((m) => `if (${this.expr(m, 'x', '0')}) return ${this.S(m, 'x')};`).join('\n') + '\nreturn x;';
    }
    const lines = [`switch (${readProp('x', plan.key)}) {`];
    for (const c of plan.cases) lines.push(`  case ${js(c.value)}: {`, this.indent(this.planStrip(c.plan), '    '), '  }');
    lines.push('}', 'return x;');
    return lines.join('\n');
  }
}

/** Both `a` and `b`: arrays of each become an array of both; anything else an intersection. */
function mergeTypes(a: IRType, b: IRType): IRType {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (a.kind === 'array' && b.kind === 'array' && a.minItems === undefined && a.maxItems === undefined && b.minItems === undefined && b.maxItems === undefined)
    return { kind: 'array', items: mergeTypes(a.items, b.items) };
  const members = [...(a.kind === 'intersection' ? a.members : [a]), ...(b.kind === 'intersection' ? b.members : [b])];
  return { kind: 'intersection', members };
}

/** Whether the variable `v` (e.g. `x_id`) occurs exactly once in `code` as a whole identifier (not inside `x_id_2` or `x_x_id`). */
function usesOnce(code: string, v: string): boolean {
  let count = 0;
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
  for (let i = code.indexOf(v); i !== -1; i = code.indexOf(v, i + v.length)) {
    if (!isWord(code[i - 1]) && !isWord(code[i + v.length])) count++;
  }
  return count === 1;
}

/**
 * A helper for a primitive type (the `null` branch of a union, a bounded string) is shared by every
 * place that needs it: it is named by what it checks (`ch_null`, `ch_string_3f2a…`), not after the
 * first of those places.
 */
function primitiveName(t: unknown, key: string): string | null {
  if (typeof t !== 'object' || t === null || !('kind' in t)) return null;
  const kind = (t as { kind: string }).kind;
  if (!['unknown', 'never', 'string', 'number', 'boolean', 'null', 'literal', 'flags'].includes(kind)) return null;
  if (kind === 'literal') {
    const value = (t as unknown as { value: unknown }).value;
    if (typeof value === 'number' && Number.isFinite(value)) return `literal_${String(value).replace('-', 'minus').replace('.', '_')}`;
    if (typeof value === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(value)) return `literal_str_${value}`;
    if (value === null || typeof value === 'boolean') return `literal_${String(value)}`;
  }
  const plain = Object.keys(t).length === 1 || (kind === 'number' && Object.keys(t).length === 2);
  const word = kind === 'number' ? ((t as { integer?: boolean }).integer ? 'integer' : 'number') : kind;
  return plain ? word : `${word}_${contentHash(key, 10)}`;
}

/** The local for `what` (a property, `i`/`e`/`k`, an index) inside the value held by `of`: `x_author_id`. */
function localName(of: string, what: string): string {
  return `${of}_${what.replace(/[^A-Za-z0-9_$]/g, '_') || 'k'}`;
}

/** The first `length` hex digits of the SHA-256 of `text`: a name that depends only on content. */
function contentHash(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Prefixes a function body with the strictness of its children when the body uses it. */
function withSn(body: string): string {
  return /\bsn\b/.test(body) ? `  const sn = (st && 1) as Strictness;\n${body}` : body;
}

/** Patterns that mean "one or more ASCII digits" (with or without the `u` flag). */
const DIGITS_PATTERNS = new Set(['^[0-9]+$', '^\\d+$', '^[0-9]*[0-9]$']);

/** Parenthesises an expression unless it is a plain call or identifier. */
function wrap(e: string): string {
  return /^[\w.$]+(\([^()]*\))?$/.test(e) ? e : `(${e})`;
}

/** Keys of a JS object are always strings: a string (or any) key check is a no-op. */
function trivialKey(e: string): boolean {
  return e === 'true' || /^typeof \w+ === 'string'$/.test(e);
}

/** Runtime support shared by every compiled function (emitted once at the top of the file). */
const RUNTIME_PRELUDE = `/** Strictness: 0 tolerant (unknown keys allowed), 1 strict, 2 strict below this level only. */
export type Strictness = 0 | 1 | 2;

export type ValidationIssueCode =
  | 'invalid_type'
  | 'invalid_value'
  | 'missing'
  | 'unrecognized_key'
  | 'invalid_key'
  | 'too_small'
  | 'too_big'
  | 'not'
  | 'invalid_union';

/** One problem: where (a JSON pointer into the payload), what was expected, and what was found. */
export interface ValidationIssue {
  readonly path: string;
  readonly code: ValidationIssueCode;
  readonly expected: string;
  /** The JS kind of the value found: 'string', 'number', 'object', 'array', 'null', 'undefined', … */
  readonly received: string;
}

/** The compiled functions of one type. */
export interface CompiledValidator {
  /** True when \`v\` is valid; stops at the first failure. */
  readonly check: (v: unknown, st: Strictness) => boolean;
  /** Pushes one issue per problem in \`v\` onto \`issues\`; \`path\` is the JSON pointer of \`v\`. */
  readonly collect: (v: unknown, path: string, issues: ValidationIssue[], st: Strictness) => void;
  /** A copy of a valid \`v\` without unknown keys. */
  readonly strip: (v: unknown) => unknown;
}

/** Same as /^[0-9]+$/.test(s) for a string: snowflakes and bigint bitfields. */
function digits(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
void digits;

/** The JS kind of a value, as issues report it. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Issues kept per list (so per payload): a hostile payload could otherwise make one issue per
 * array element or per key, millions of objects for one frame. The first ones name the problem.
 */
export const MAX_ISSUES = 100;

function iss(is: ValidationIssue[], path: string, code: ValidationIssueCode, expected: string, v: unknown): void {
  if (is.length < MAX_ISSUES) is.push({ path, code, expected, received: kindOf(v) });
}

function typ(is: ValidationIssue[], path: string, expected: string, v: unknown): void {
  iss(is, path, 'invalid_type', expected, v);
}

function miss(is: ValidationIssue[], path: string, expected: string): void {
  iss(is, path, 'missing', expected, undefined);
}

/** invalid_value when the value has the expected JS kind (a wrong literal, pattern or bound), else invalid_type. */
function bad(is: ValidationIssue[], path: string, expected: string, v: unknown, kind: string): void {
  iss(is, path, kindOf(v) === kind ? 'invalid_value' : 'invalid_type', expected, v);
}

function esc(k: string): string {
  return k.replace(/~/g, '~0').replace(/\\//g, '~1');
}

/** Only objects have keys to check: \`for…in\` over a string would walk its characters. */
function unknownKeys(is: ValidationIssue[], p: string, x: any, known: ReadonlySet<string>): void {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return;
  for (const k in x) {
    if (is.length >= MAX_ISSUES) return;
    if (!known.has(k)) iss(is, p + '/' + esc(k), 'unrecognized_key', 'no such key', x[k]);
  }
}

/** An own property's value; undefined when \`x\` has none (an inherited \`constructor\` does not count). */
function own(x: any, k: string): any {
  return Object.prototype.hasOwnProperty.call(x, k) ? x[k] : undefined;
}
void own;

/** Sets a key on a fresh object; \`__proto__\` becomes an own property instead of a prototype. */
/** Drops issues (from index \`from\` on) whose path was already reported, keeping the first. */
function onePerPath(is: ValidationIssue[], from: number): void {
  if (is.length - from < 2) return;
  const seen = new Set<string>();
  let w = from;
  for (let r = from; r < is.length; r++) {
    const i = is[r]!;
    if (seen.has(i.path)) continue;
    seen.add(i.path);
    is[w++] = i;
  }
  is.length = w;
}
void onePerPath;

function same(x: unknown): unknown {
  return x;
}
void same;

function put(o: any, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
void put;

type Branch = readonly [
  readonly string[] | null,
  (x: any, p: string, is: ValidationIssue[], st: Strictness) => void,
  (((x: any) => boolean) | null)?,
];

/** How deep below \`p\` the deepest of a member's issues is: how far into the value the member matched. */
function reach(found: readonly ValidationIssue[], p: string): number {
  let deepest = 0;
  for (const i of found) {
    let depth = 0;
    for (let c = p.length; c < i.path.length; c++) if (i.path.charCodeAt(c) === 47) depth++;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/**
 * Reports an untagged union: the one member of the value's kind, or, when several could apply, the
 * members the selector's value admits (GUILD_CREATE's \`unavailable\`), and of those the one that
 * matched deepest (fewest issues on a tie) — never every member's issues at once.
 */
function pickBranch(x: any, p: string, is: ValidationIssue[], st: Strictness, branches: readonly Branch[], expected: string): void {
  const kind = kindOf(x);
  let pool = branches;
  if (kind === 'object' && branches.some((b) => b[2])) {
    const admitted = branches.filter((b) => !b[2] || b[2](x));
    if (admitted.length > 0) pool = admitted;
  }
  let best: ValidationIssue[] | null = null;
  let bestReach = -1;
  for (const [kinds, collect] of pool) {
    if (kinds !== null && !kinds.includes(kind)) continue;
    const found: ValidationIssue[] = [];
    collect(x, p, found, st);
    if (found.length === 0) return;
    const r = reach(found, p);
    if (best === null || r > bestReach || (r === bestReach && found.length < best.length)) {
      best = found;
      bestReach = r;
    }
  }
  if (best === null) iss(is, p, 'invalid_type', expected, x);
  else for (const i of best) if (is.length < MAX_ISSUES) is.push(i);
}
void pickBranch;
`;
