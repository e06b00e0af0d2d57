/**
 * The check functions: one plain, tolerant type guard per declaration (`isName`) plus shared
 * helpers (`bh_…` for inline arrays, unions and records met inside them, `kh_…` for key sets,
 * regexps, enum sets and tag tables), hoisted to the top level once each. They stop at the first
 * failure and allocate nothing. Unknown keys are always allowed here: strict mode and issue
 * reports walk the shape description instead (src/validate/).
 */
import type { IRDeclaration, IRProperty, IRType, Literal } from '../../ir.js';
import { propertyTag } from '../../../src/validate/description.js';
import { contentHash, hasProp, js, localName, readProp, wrap } from './literals.js';
import type { ObjectType, TypeFacts, UnionType } from './type-facts.js';
import { splitUnion, type UnionPlan } from './union-plan.js';

/** From how many string tags a union dispatches through a `Map` instead of a `switch`. */
const TABLE_DISPATCH_MIN_CASES = 8;

/** Patterns that mean "one or more ASCII digits" (with or without the `u` flag). */
const DIGITS_PATTERNS = new Set(['^[0-9]+$', '^\\d+$', '^[0-9]*[0-9]$']);

/** Kinds that get a helper shared by every place that needs it, named by what it checks. */
const PRIMITIVE_HELPER_KINDS = new Set(['unknown', 'never', 'string', 'number', 'boolean', 'null', 'literal']);

/** Keys of a JS object are always strings: a string (or any) key check is a no-op. */
export function trivialKey(e: string): boolean {
  return e === 'true' || /^typeof \w+ === 'string'$/.test(e);
}

/** Whether the variable `v` (e.g. `x_id`) occurs exactly once in `code` as a whole identifier. */
function usesOnce(code: string, v: string): boolean {
  let count = 0;
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);
  for (let i = code.indexOf(v); i !== -1; i = code.indexOf(v, i + v.length)) if (!isWord(code[i - 1]) && !isWord(code[i + v.length])) count++;
  return count === 1;
}

/** The condition under which `ok` fails: `typeof v !== 'string'` rather than `!(typeof v === 'string')`. */
function failing(ok: string): string {
  const single = /^(typeof [\w$]+|[\w$]+) === ('[^'\\]*'|null|true|false|-?\d+(?:\.\d+)?)$/.exec(ok);
  return single !== null ? `${single[1]!} !== ${single[2]!}` : `!${wrap(ok)}`;
}

/** `code` with its one use of the variable `v` replaced by `by`. */
function replaceOnce(code: string, v: string, by: string): string {
  return code.replace(new RegExp(`(?<![\\w$])${v.replace(/\$/g, '\\$')}(?![\\w$])`), () => by);
}

function indent(code: string, by = '  '): string {
  return code
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

/**
 * A helper for a primitive type (the `null` branch of a union, a bounded string) is named by what it
 * checks (`bh_null`, `bh_string_3f2a…`), not after the first place that needs it.
 */
function primitiveName(t: unknown, key: string): string | null {
  if (typeof t !== 'object' || t === null || !('kind' in t)) return null;
  const kind = (t as { kind: string }).kind;
  if (!PRIMITIVE_HELPER_KINDS.has(kind)) return null;
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

export class CheckEmitter {
  /** Hoisted helpers, in the order they were first needed. */
  readonly hoisted: string[] = [];
  private readonly helperNames = new Map<string, string>();
  /** Helper name → the key it was made for, to catch a (very unlikely) name collision. */
  private readonly helperKeys = new Map<string, string>();
  /** Local names taken in the function being emitted, with how often each base was asked for. */
  private locals = new Map<string, number>();
  /** What the function being emitted checks (`APIMessage`, or a helper's name without its prefix). */
  private owner = '';
  /** Where in the declaration the value being compiled sits (`x`, `x_author`, `x_embeds_e`): where a helper is met. */
  private site = 'x';
  /** Each local's site, by variable name: loop variables are short (`e`, `e1`) but their sites are paths. */
  private sites = new Map<string, string>();
  /** How many loops enclose the code being emitted, in this function. */
  private loopDepth = 0;

  constructor(private readonly facts: TypeFacts) {}

  /** The check function of a declaration. */
  declaration(d: IRDeclaration): string {
    const t = this.facts.normalize(this.facts.declType(d));
    const body = this.inFunction(d.name, () => (t.kind === 'object' ? this.blamingObject(t) : this.statements(t, 'x')));
    return [`/** Whether \`x\` is a valid \`${d.name}\` (unknown keys allowed); never throws for plain data. */`, `export function is${d.name}(x: any): x is T.${d.name} {`, indent(body), '  return true;', '}', ''].filter((l, i) => i !== 2 || l !== '').join('\n');
  }

  /**
   * An object declaration's checks, each failure saying where it happened (`return fail(tag)`: the
   * property's `propertyTag`, or -1 before or after the properties), so that the issue walk after
   * a rejection starts at that property instead of checking the ones before it again.
   */
  private blamingObject(t: ObjectType): string {
    return this.at('x', () => {
      const lines = [`if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail(-1);`];
      for (const p of t.properties) {
        const code = this.property(p, 'x');
        if (code) lines.push(code.replace(/return false;/g, `return fail(${propertyTag(p.name)});`));
      }
      for (const l of this.additionalKeys(t, 'x')) lines.push(l.replace(/return false;/g, 'return fail(-1);'));
      return lines.join('\n');
    });
  }

  /** The name of a check function for any type (a declaration's, or a hoisted helper). */
  functionFor(t: IRType, owner: string): string {
    return this.inFunction(owner, () => this.boolFn(t));
  }

  // ---------------------------------------------------------------------------------------------
  // Naming and hoisting

  /**
   * A local variable for `what` (a property name, `i`/`e`/`k` of a loop, a tuple index) inside the
   * value held by `of`: `x_author`, `x_author_id`, `x_embeds_e`. Names come from the path, not from
   * a counter, so adding a field renames nothing else; a base asked for twice in one function gets
   * `_2`, `_3`, … in emission order.
   */
  private local(what: string, of: string): string {
    const name = this.uniqueLocal(localName(of, what));
    this.sites.set(name, localName(this.siteOf(of), what));
    return name;
  }

  private siteOf(v: string): string {
    return this.sites.get(v) ?? v;
  }

  /**
   * A loop's index, element or key: `i`/`e`/`k`, with the loop depth appended when loops nest
   * (`e1`). Each is scoped to its loop, so sibling loops reuse the names.
   */
  private loopVar(kind: 'i' | 'e' | 'k', of: string): string {
    const name = this.loopDepth === 0 ? kind : `${kind}${this.loopDepth}`;
    this.sites.set(name, localName(this.siteOf(of), kind));
    return name;
  }

  /** Emits a loop body one loop deeper. */
  private inLoop(emit: () => string): string {
    this.loopDepth++;
    try {
      return emit();
    } finally {
      this.loopDepth--;
    }
  }

  private uniqueLocal(base: string): string {
    const seen = this.locals.get(base);
    this.locals.set(base, (seen ?? 0) + 1);
    if (seen === undefined) return base;
    let name = `${base}_${seen + 1}`;
    while (this.locals.has(name)) name += '_';
    this.locals.set(name, 1);
    return name;
  }

  private inFunction<T>(owner: string, emit: () => T): T {
    const saved = { locals: this.locals, owner: this.owner, site: this.site, sites: this.sites, loopDepth: this.loopDepth };
    this.locals = new Map();
    this.owner = owner;
    this.site = 'x';
    this.sites = new Map();
    this.loopDepth = 0;
    try {
      return emit();
    } finally {
      ({ locals: this.locals, owner: this.owner, site: this.site, sites: this.sites, loopDepth: this.loopDepth } = saved);
    }
  }

  /** Compiles the value held by the local `x`: helpers hoisted meanwhile are named after it. */
  private at<T>(x: string, emit: () => T): T {
    const site = this.siteOf(x);
    if (!/^x(?:_|$)/.test(site)) return emit();
    const saved = this.site;
    this.site = site;
    try {
      return emit();
    } finally {
      this.site = saved;
    }
  }

  /** Hoists a helper once per (kind, type); returns its name. */
  private hoist(kind: 'b' | 'k', t: unknown, make: (name: string) => string, named?: string): string {
    const key = kind + JSON.stringify(t);
    const found = this.helperNames.get(key);
    if (found) return found;
    // Named after where it is first met (`bh_APIMessage_embeds_e`), never by a global counter, so a
    // schema change renames nothing outside what changed.
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
    if (t.kind === 'ref') return `is${t.name}`;
    if (t.kind === 'union') return this.unionFn(t);
    return this.hoist('b', t, (n) => [`function ${n}(x: any): boolean {`, indent(this.statements(t, 'x')), '  return true;', '}', ''].join('\n'));
  }

  /** A hoisted regular expression (a pattern's source, compiled once with the `u` flag). */
  private regex(source: string): string {
    return this.hoist('k', { re: source }, (n) => `const ${n} = new RegExp(${js(source)}, 'u');\n`, `re_${contentHash(source, 10)}`);
  }

  /** A hoisted `Set` of keys. */
  private keySet(keys: readonly string[]): string {
    const sorted = [...keys].sort();
    return this.hoist('k', sorted, (n) => `const ${n}: ReadonlySet<string> = new Set<string>(${js(sorted)});\n`);
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  /** A closed-form boolean expression, or null when the type needs statements. */
  simpleExpr(t: IRType, x: string): string | null {
    switch (t.kind) {
      case 'unknown':
        return 'true';
      case 'never':
        return 'false';
      case 'string': {
        const parts = [`typeof ${x} === 'string'`];
        if (t.minLength !== undefined) parts.push(`${x}.length >= ${t.minLength}`);
        if (t.maxLength !== undefined) parts.push(`${x}.length <= ${t.maxLength}`);
        // The snowflake pattern is on every id: one shared literal regexp (V8's irregexp compiles
        // it to native code; measured 1.15-1.57x faster in context than a charCode loop).
        if (t.pattern !== undefined) parts.push(DIGITS_PATTERNS.has(t.pattern) ? `DIGITS.test(${x})` : `${this.regex(t.pattern)}.test(${x})`);
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
      case 'ref': {
        // Closed-form declarations (Snowflake, enums, bitfields) are inlined rather than called.
        const inner = this.facts.inlined(t);
        if (inner !== null) return inner.kind === 'union' ? this.enumExpr(t.name, inner, x) : this.simpleExpr(inner, x);
        return `is${t.name}(${x})`;
      }
      case 'union': {
        if (t.members.length === 0) return 'false';
        const members = this.withoutSubsumed(t.members);
        // Closed form only when at most one member needs a call (e.g. `User | null`): several
        // object members go through a planned switch instead of being tried one after another.
        const primitive = members.filter((m) => this.facts.isPrimitive(m));
        const rest = members.filter((m) => !this.facts.isPrimitive(m));
        if (rest.every((m) => m.kind === 'ref') && rest.length <= 1) {
          // Closed-form members first: `x === null || isUser(x)` does not call a function to
          // learn that a null is not a User (nullable objects are null in most payloads).
          return `(${[...primitive, ...rest].map((m) => this.simpleExpr(m, x)!).join(' || ')})`;
        }
        return null;
      }
      default:
        return null;
    }
  }

  /**
   * Union members without those another member already accepts: an open enum (`GuildFeature |
   * string`) is checked as `typeof x === 'string'` alone, not with a `Set` lookup first.
   */
  private withoutSubsumed(members: readonly IRType[]): readonly IRType[] {
    const kept = members.filter((m, i) => !members.some((o, j) => j !== i && this.subsumes(o, m)));
    return kept.length === members.length ? members : kept;
  }

  /** Whether every value of `m` (a literal or an enum) is accepted by `o`, a bare primitive. */
  private subsumes(o: IRType, m: IRType): boolean {
    const values = this.facts.literalValues(m);
    if (values === null || values.length === 0) return false;
    switch (o.kind) {
      case 'string':
        return o.pattern === undefined && o.minLength === undefined && o.maxLength === undefined && values.every((v) => typeof v === 'string');
      case 'number':
        return o.minimum === undefined && o.maximum === undefined && values.every((v) => typeof v === 'number' && Number.isFinite(v) && (!o.integer || Number.isSafeInteger(v)));
      case 'boolean':
        return values.every((v) => typeof v === 'boolean');
      default:
        return false;
    }
  }

  private enumExpr(name: string, t: UnionType, x: string): string {
    const values: Literal[] = t.members.map((m) => this.facts.literalOf(m)!);
    if (values.length <= 4) return `(${values.map((v) => `${x} === ${js(v)}`).join(' || ')})`;
    // Small integer values (channel types, most numeric enums): one bit test instead of a Set lookup.
    // `x === (x | 0)` admits integers in int32 range only (not '3', 1.5 or NaN), as the Set would.
    if (values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 31)) {
      const mask = (values as number[]).reduce((m, v) => m | (1 << v), 0);
      return `(${x} === (${x} | 0) && ${x} >= 0 && ${x} < 31 && ((${mask} >>> ${x}) & 1) === 1)`;
    }
    const set = this.hoist('k', { enum: name }, (n) => `const ${n}: ReadonlySet<unknown> = new Set<unknown>(${js(values)});\n`, `${name}_values`);
    return `${set}.has(${x})`;
  }

  /** A boolean expression for any type: closed form, or a call to a (hoisted) function. */
  expr(t: IRType, x: string): string {
    return this.simpleExpr(t, x) ?? `${this.at(x, () => this.boolFn(t))}(${x})`;
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  /** Statements that `return false` when `x` does not satisfy `t`. */
  private statements(t: IRType, x: string): string {
    return this.at(x, () => this.statementsAt(this.facts.normalize(t), x));
  }

  private statementsAt(t: IRType, x: string): string {
    const simple = this.simpleExpr(t, x);
    if (simple !== null) return simple === 'true' ? '' : `if (${failing(simple)}) return false;`;
    switch (t.kind) {
      case 'object': {
        const lines = [`if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) return false;`];
        for (const p of t.properties) lines.push(this.property(p, x));
        lines.push(...this.additionalKeys(t, x));
        return lines.filter(Boolean).join('\n');
      }
      case 'array': {
        const i = this.loopVar('i', x);
        const e = this.loopVar('e', x);
        const inner = this.inLoop(() => this.statements(t.items, e));
        const bounds = (t.minItems !== undefined ? ` || ${x}.length < ${t.minItems}` : '') + (t.maxItems !== undefined ? ` || ${x}.length > ${t.maxItems}` : '');
        if (!inner) return `if (!Array.isArray(${x})${bounds}) return false;`;
        const loop = `for (let ${i} = 0; ${i} < ${x}.length; ${i}++)`;
        // An element tested by one expression is read where it is tested.
        if (/^if \(.*\) return false;$/.test(inner) && usesOnce(inner, e)) return [`if (!Array.isArray(${x})${bounds}) return false;`, `${loop} ${replaceOnce(inner, e, `${x}[${i}]`)}`].join('\n');
        return [`if (!Array.isArray(${x})${bounds}) return false;`, `${loop} {`, `  const ${e} = ${x}[${i}];`, indent(inner), '}'].join('\n');
      }
      case 'tuple': {
        const n = t.items.length;
        const lines = [`if (!Array.isArray(${x}) || ${x}.length < ${t.minItems}${t.rest === null ? ` || ${x}.length > ${n}` : ''}) return false;`];
        t.items.forEach((item, idx) => {
          const e = this.local(String(idx), x);
          const inner = this.statements(item.type, e);
          if (!inner) return;
          const body = `const ${e} = ${x}[${idx}];\n${inner}`;
          lines.push(idx < t.minItems ? `{\n${indent(body)}\n}` : `if (${x}.length > ${idx}) {\n${indent(body)}\n}`);
        });
        if (t.rest !== null) {
          const i = this.loopVar('i', x);
          const e = this.loopVar('e', x);
          const inner = this.inLoop(() => this.statements(t.rest!, e));
          if (inner) lines.push(`for (let ${i} = ${n}; ${i} < ${x}.length; ${i}++) {`, `  const ${e} = ${x}[${i}];`, indent(inner), '}');
        }
        return lines.join('\n');
      }
      case 'record': {
        const k = this.loopVar('k', x);
        const e = this.loopVar('e', x);
        const keyOk = this.inLoop(() => this.expr(t.key, k));
        const inner = this.inLoop(() => this.statements(t.value, e));
        const body: string[] = [];
        if (!trivialKey(keyOk)) body.push(`if (${failing(keyOk)}) return false;`);
        if (inner) body.push(`const ${e} = ${x}[${k}];`, inner);
        const lines = [`if (typeof ${x} !== 'object' || ${x} === null || Array.isArray(${x})) return false;`];
        if (body.length) lines.push(`for (const ${k} in ${x}) {`, indent(body.join('\n')), '}');
        return lines.join('\n');
      }
      case 'intersection':
        return t.members
          .map((m) => this.statements(m, x))
          .filter(Boolean)
          .join('\n');
      case 'not':
        return [this.statements(t.base, x), `if (${this.expr(t.not, x)}) return false;`].filter(Boolean).join('\n');
      case 'union':
        return `if (!${this.unionFn(t)}(${x})) return false;`;
      default:
        return `if (${failing(this.expr(t, x))}) return false;`;
    }
  }

  private property(p: IRProperty, x: string): string {
    const v = this.local(p.name, x);
    const inner = this.statements(p.type, v);
    const access = readProp(x, p.name);
    if (p.required && this.facts.acceptsUndefined(p.type)) {
      const presence = `if (!(${hasProp(x, p.name)})) return false;`;
      return inner ? `${presence}\nconst ${v} = ${access};\n${inner}` : presence;
    }
    if (!inner) return '';
    const single = /^if \((.*)\) return false;$/.exec(inner);
    if (p.required)
      return single && usesOnce(inner, v) ? replaceOnce(inner, v, access) : `const ${v} = ${access};\n${inner}`;
    if (single) return `const ${v} = ${access};\nif (${v} !== undefined && ${single[1]!}) return false;`;
    return `const ${v} = ${access};\nif (${v} !== undefined) {\n${indent(inner)}\n}`;
  }

  /** Keys a closed object (`additionalProperties: false`) or a typed map of extra keys constrains. */
  private additionalKeys(t: ObjectType, x: string): string[] {
    if (t.additional === null) return [];
    const known = this.keySet(t.properties.map((p) => p.name));
    const k = this.loopVar('k', x);
    if (t.additional.kind === 'never') return [`for (const ${k} in ${x}) if (!${known}.has(${k})) return false;`];
    const e = this.loopVar('e', x);
    const additional = t.additional;
    const inner = this.inLoop(() => this.statements(additional, e));
    if (!inner) return [];
    return [`for (const ${k} in ${x}) {`, `  if (${known}.has(${k})) continue;`, `  const ${e} = ${x}[${k}];`, indent(inner), '}'];
  }

  // ---------------------------------------------------------------------------------------------
  // Unions

  private unionFn(t: UnionType): string {
    return this.hoist('b', t, (n) => {
      const { others, plan } = splitUnion(this.facts, t);
      const lines: string[] = [];
      if (plan !== null) {
        if (others.length) lines.push(`if (${others.map((m) => this.expr(m, 'x')).join(' || ')}) return true;`);
        lines.push(`if (typeof x !== 'object' || x === null) return false;`);
        lines.push(this.planCheck(plan, 'x'));
      } else {
        lines.push(`return ${this.withoutSubsumed(t.members).map((m) => this.expr(m, 'x')).join(' || ') || 'false'};`);
      }
      return [`function ${n}(x: any): boolean {`, indent(lines.join('\n')), '}', ''].join('\n');
    });
  }

  private planCheck(plan: UnionPlan, x: string): string {
    if (plan.kind === 'try') return `return ${plan.members.map((m) => this.expr(m, x)).join(' || ') || 'false'};`;
    const table = this.tagTable(plan, x);
    if (table !== null) return `const check = ${table}.get(${readProp(x, plan.key)});\nreturn check !== undefined && check(${x});`;
    const lines = [`switch (${readProp(x, plan.key)}) {`];
    for (const c of plan.cases) lines.push(`  case ${js(c.value)}: {`, indent(this.planCheck(c.plan, x), '    '), '  }');
    lines.push('  default:', '    return false;', '}');
    return lines.join('\n');
  }

  /**
   * A hoisted `Map` from tag to check function, for a switch over many string tags whose every
   * case is one function call (the receive frame's 80 `t` values): a `switch` compares the tag
   * with each case string in turn, and `t` strings over 10 characters are not internalised by
   * JSON.parse, so each comparison reads characters. Null when a switch is the better form.
   */
  private tagTable(plan: Extract<UnionPlan, { kind: 'switch' }>, x: string): string | null {
    if (plan.cases.length < TABLE_DISPATCH_MIN_CASES || !plan.cases.every((c) => typeof c.value === 'string')) return null;
    const rows: string[] = [];
    const call = new RegExp(`^([\\w$]+)\\(${x.replace(/\$/g, '\\$')}\\)$`);
    for (const c of plan.cases) {
      if (c.plan.kind !== 'try' || c.plan.members.length !== 1) return null;
      const fn = call.exec(this.expr(c.plan.members[0]!, x));
      if (fn === null) return null;
      rows.push(`  [${js(c.value)}, ${fn[1]!}],`);
    }
    return this.hoist(
      'k',
      { table: plan.key, rows },
      (n) => [`const ${n}: ReadonlyMap<unknown, (x: any) => boolean> = new Map<unknown, (x: any) => boolean>([`, ...rows, ']);', ''].join('\n'),
      `${this.owner}${this.site.slice(1)}_by_${plan.key}`,
    );
  }
}
