/**
 * IR → zod 4 schemas (generated/zod.ts) and the type-level proof that every schema's output and its
 * interface are mutually assignable (generated/checks.ts).
 *
 * Every declaration becomes one named `const`, so a shared object (APIUser appears hundreds of times)
 * is built once and referenced, never re-inlined. Declarations are emitted in dependency order;
 * references that point forward (recursion) go through object getters, which zod 4 reads lazily and
 * TypeScript infers without annotations, or through `z.lazy` where no object property is there.
 */
import type { GeneratedFile, IR, IRDeclaration, IRFrame, IRType } from '../ir.js';
import { declarationsByName, dependencyOrder, enumBase, isFiniteKey, objectProps, objectView } from '../ir-query.js';
import { header, mergedArrayProperties } from './common.js';
import { assign, assignGeneric, indentBlocks, key as propertyKey, list, literal, quote, WIDTH } from './layout.js';
import { inlinedBody, runtimeSource } from './runtime-source.js';

export const schemaName = (name: string): string => `${name}Schema`;


/**
 * A pure schema expression (`z.string().nullable().optional()`, `SnowflakeSchema.optional()`) split
 * into its call chain: `['z.string()', '.nullable()', '.optional()']`. Null for anything that
 * builds objects, functions or lazy references, which are never shared.
 */
export function splitChain(expr: string): string[] | null {
  if (/=>|\blazy\b|\brefine\b/.test(expr)) return null;
  const segments: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  let regex = false;
  let klass = false;
  // `z.` opens the base call, not a chain step
  let i = expr.startsWith('z.') ? 2 : 0;
  for (; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (regex) {
      if (c === '\\') i++;
      else if (c === '[') klass = true;
      else if (c === ']') klass = false;
      else if (c === '/' && !klass) regex = false;
      continue;
    }
    if (c === '{' || c === '}') return null;
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && expr[i - 1] === '(') regex = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '.' && depth === 0) {
      segments.push(expr.slice(start, i));
      start = i;
    }
  }
  if (depth !== 0 || quote !== null || regex) return null;
  segments.push(expr.slice(start));
  return segments;
}

/** 32-bit FNV-1a, as 6 hex digits: disambiguates two shared consts whose readable names collide. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0').slice(0, 6);
}

/** The words of a shared chain joined by `_`, without `z.` and `Schema` suffixes. */
function readableName(canonical: string): string {
  const words = (canonical.match(/[A-Za-z0-9]+/g) ?? []).filter((w, i) => !(i === 0 && w === 'z')).map((w) => (w.endsWith('Schema') && w.length > 6 ? w.slice(0, -6) : w));
  return '_' + words.join('_');
}

/** IR kinds whose zod schema is worth replacing by a compiled check on the accept path. */
const STRUCTURES = new Set<IRType['kind']>(['object', 'array', 'tuple', 'record', 'union', 'intersection', 'not']);

class ZodPrinter {
  private readonly decls: Map<string, IRDeclaration>;
  /**
   * Field schemas are shared: every field typed `string | null` uses one `z.string().nullable()`
   * instance, as a hand-written schema would (`const nstr = str.nullable()`). zod parses noticeably
   * faster through a few shared instances than through hundreds of identical ones (about 10% on
   * APIUser). The probe pass counts each chain prefix; the printing pass hoists those used twice or more.
   */
  private readonly uses: Map<string, number>;
  private readonly counting: boolean;
  private readonly sharedNames = new Map<string, string>();
  private ambiguous: Set<string> | null = null;
  /** Shared consts first needed by the declaration being printed (emitted just before it). */
  private pending: string[] = [];
  /** Declarations already emitted (a reference to them is a plain identifier). */
  private readonly emitted = new Set<string>();
  /** Declarations whose const is a ZodObject (usable in `.extend`, discriminated unions, `.partial`). */
  private readonly objects = new Set<string>();

  /** Without `uses`, a probe: counts shareable expressions instead of sharing them. */
  constructor(ir: IR, uses?: Map<string, number>) {
    this.decls = declarationsByName(ir);
    this.counting = uses === undefined;
    this.uses = uses ?? new Map();
  }

  /** Counts of each shareable chain prefix (filled by a probe). */
  get shareCounts(): Map<string, number> {
    return this.uses;
  }

  /** `expr` with its most widely used prefix replaced by a shared const. */
  private share(expr: string): string {
    const chain = splitChain(expr);
    if (chain === null) return expr;
    if (this.counting) {
      let prefix = '';
      for (const segment of chain) {
        prefix += segment;
        this.uses.set(prefix, (this.uses.get(prefix) ?? 0) + 1);
      }
      return expr;
    }
    return this.render(chain, chain.length);
  }

  private render(chain: readonly string[], length: number): string {
    const canonical = chain.slice(0, length).join('');
    // a declaration's own const is already one shared instance
    if (length === 1 && /^[A-Za-z_$][\w$]*$/.test(canonical)) return canonical;
    const known = this.sharedNames.get(canonical);
    if (known !== undefined) return known;
    const text = length === 1 ? canonical : this.render(chain, length - 1) + chain[length - 1]!;
    if ((this.uses.get(canonical) ?? 0) < 2) return text;
    const name = this.sharedName(canonical);
    this.sharedNames.set(canonical, name);
    this.pending.push(`const ${name} = ${text};\n`);
    return name;
  }

  /**
   * `_string_nullable_optional` for `z.string().nullable().optional()`; `_Snowflake_optional` for
   * `SnowflakeSchema.optional()`. A readable name that two shared chains would both get (they differ
   * only in punctuation) takes a hash of the chain in both, whichever is met first, so a name never
   * depends on emission order.
   */
  private sharedName(canonical: string): string {
    const name = readableName(canonical);
    if (name.length > 60 || this.ambiguousNames().has(name)) return `${name.slice(0, 50)}_${shortHash(canonical)}`;
    return name;
  }

  /** Readable names that more than one shared chain maps to (computed once from the probe's counts). */
  private ambiguousNames(): Set<string> {
    if (this.ambiguous !== null) return this.ambiguous;
    const owners = new Map<string, string>();
    this.ambiguous = new Set();
    for (const [canonical, count] of this.uses) {
      if (count < 2) continue;
      const name = readableName(canonical);
      const owner = owners.get(name);
      if (owner === undefined) owners.set(name, canonical);
      else if (owner !== canonical) this.ambiguous.add(name);
    }
    return this.ambiguous;
  }

  private isForward(name: string): boolean {
    return !this.emitted.has(name);
  }

  private hasForward(type: IRType): boolean {
    switch (type.kind) {
      case 'ref':
        return this.isForward(type.name);
      case 'array':
        return this.hasForward(type.items);
      case 'tuple':
        return type.items.some((i) => this.hasForward(i.type)) || (type.rest !== null && this.hasForward(type.rest));
      case 'object':
        return false; // its own properties handle forward references with getters
      case 'record':
        return this.hasForward(type.key) || this.hasForward(type.value);
      case 'union':
      case 'intersection':
        return type.members.some((m) => this.hasForward(m));
      case 'not':
        return this.hasForward(type.base) || this.hasForward(type.not);
      default:
        return false;
    }
  }

  /** For annotated objects, the unannotated const that keeps the ZodObject type. */
  private readonly objectConsts = new Map<string, string>();
  /** The const to use where a ZodObject is needed. */
  private objectConst(name: string): string {
    return this.objectConsts.get(name) ?? schemaName(name);
  }

  /** Declarations referenced before they are defined: their consts carry a type annotation. */
  readonly annotated = new Set<string>();

  /** Declarations whose schema is a structure of its own (not an alias, enum or primitive): they get the compiled fast path. */
  readonly structured: string[] = [];

  private ref(name: string, lazyOk: boolean): string {
    if (this.isForward(name)) this.annotated.add(name);
    if (!this.isForward(name) || !lazyOk) return schemaName(name);
    return `z.lazy(() => ${schemaName(name)})`;
  }

  /** Whether the schema printed for `type` is a ZodObject. */
  private isObjectSchema(type: IRType): boolean {
    if (type.kind === 'object') return true;
    if (type.kind === 'ref') return this.objects.has(type.name) && !this.isForward(type.name);
    if (type.kind === 'intersection') return this.intersectionAsExtend(type) !== null;
    return false;
  }

  private intersectionAsExtend(type: Extract<IRType, { kind: 'intersection' }>): { base: IRType[]; own: Extract<IRType, { kind: 'object' }> | null } | null {
    const own = type.members.filter((m) => m.kind === 'object') as Extract<IRType, { kind: 'object' }>[];
    const rest = type.members.filter((m) => m.kind !== 'object');
    if (own.length > 1) return null;
    if (rest.length === 0) return null;
    if (!rest.every((m) => m.kind === 'ref' && this.objects.has(m.name) && !this.isForward(m.name))) return null;
    return { base: rest, own: own[0] ?? null };
  }

  /** `lazyOk`: forward references may be wrapped in z.lazy (false inside getters, which are lazy already). */
  print(type: IRType, lazyOk: boolean): string {
    switch (type.kind) {
      case 'unknown':
        return 'z.unknown()';
      case 'never':
        return 'z.never()';
      case 'null':
        return 'z.null()';
      case 'boolean':
        return 'z.boolean()';
      case 'string': {
        let s = 'z.string()';
        if (type.minLength !== undefined) s += `.min(${type.minLength})`;
        if (type.maxLength !== undefined) s += `.max(${type.maxLength})`;
        if (type.pattern !== undefined) {
          // A plain ASCII pattern as a literal (no unicode mode needed, and V8 runs it faster).
          const literalSafe = /^[\x20-\x7e]*$/.test(type.pattern) && !type.pattern.includes('/') && !/\\[pPu]/.test(type.pattern);
          s += literalSafe ? `.regex(/${type.pattern}/)` : `.regex(new RegExp(${quote(type.pattern)}, 'u'))`;
        }
        return s;
      }
      case 'number': {
        let s = type.integer ? 'z.int()' : 'z.number()';
        if (type.minimum !== undefined) s += `.min(${type.minimum})`;
        if (type.maximum !== undefined) s += `.max(${type.maximum})`;
        return s;
      }
      case 'literal':
        return type.value === null ? 'z.null()' : `z.literal(${literal(type.value)})`;
      case 'ref':
      case 'flags':
        return this.ref(type.name, lazyOk);
      case 'array': {
        let s = `z.array(${this.print(type.items, lazyOk)})`;
        if (type.minItems !== undefined) s += `.min(${type.minItems})`;
        if (type.maxItems !== undefined) s += `.max(${type.maxItems})`;
        return s;
      }
      case 'tuple': {
        const items = type.items.map((item, i) => this.print(item.type, lazyOk) + (i >= type.minItems ? '.optional()' : ''));
        return type.rest ? `z.tuple(${list(items, '[', ']')}, ${this.print(type.rest, lazyOk)})` : `z.tuple(${list(items, '[', ']')})`;
      }
      case 'object':
        return this.printObject(type);
      case 'record': {
        const finite = isFiniteKey(type.key, this.decls);
        return `${finite ? 'z.partialRecord' : 'z.record'}(${this.print(type.key, lazyOk)}, ${this.print(type.value, lazyOk)})`;
      }
      case 'union': {
        const simplified = this.subsume(type.members);
        if (simplified.length !== type.members.length) return this.print(simplified.length === 1 ? simplified[0]! : { ...type, members: simplified }, lazyOk);
        const nonNull = type.members.filter((m) => m.kind !== 'null');
        if (nonNull.length === 1 && type.members.length === 2) return `${this.print(nonNull[0]!, lazyOk)}.nullable()`;
        if (type.discriminator && type.members.every((m) => this.isObjectSchema(m))) {
          const members = type.members.map((m) => (m.kind === 'ref' ? this.objectConst(m.name) : this.print(m, lazyOk)));
          return `z.discriminatedUnion(${quote(type.discriminator)}, ${list(members, '[', ']')})`;
        }
        const union = `z.union(${list(type.members.map((m) => this.print(m, lazyOk)), '[', ']')})`;
        return type.selector !== undefined ? `selectBy(${union}, ${quote(type.selector)})` : union;
      }
      case 'intersection': {
        const ext = this.intersectionAsExtend(type);
        if (ext) {
          let s = this.objectConst((ext.base[0] as { name: string }).name);
          for (const b of ext.base.slice(1)) s += `.extend(${this.objectConst((b as { name: string }).name)}.shape)`;
          if (ext.own) s += `.extend(${this.printShape(ext.own)})`;
          // `.extend` keeps the last member's field; where several members declare different
          // arrays, the field is one array of the merged items, as in the interface (#11.4).
          const merged = [...mergedArrayProperties(type.members, this.decls).values()].filter((p) => {
            const last = [...type.members].reverse().map((m) => objectProps(m, this.decls)?.get(p.name)).find((q) => q !== undefined);
            return last === undefined || last.required !== p.required || JSON.stringify(last.type) !== JSON.stringify(p.type);
          });
          if (merged.length > 0) s += `.extend(${this.printShape({ kind: 'object', properties: merged, additional: null })})`;
          return s;
        }
        const [first, ...rest] = type.members;
        return rest.reduce((acc, m) => `z.intersection(${acc}, ${this.print(m, lazyOk)})`, this.print(first!, lazyOk));
      }
      case 'not':
        return `${this.print(type.base, lazyOk)}.refine((value) => !${this.print(type.not, true)}.safeParse(value).success, { message: 'matches a shape this position excludes' })`;
    }
  }

  /**
   * Drops union members another member already accepts: an open enum (`Locale | string`) checks as
   * a plain string, which is exact and saves trying the enum first on every value.
   */
  private subsume(members: readonly IRType[]): IRType[] {
    const plainString = members.some((m) => m.kind === 'string' && m.minLength === undefined && m.maxLength === undefined && m.pattern === undefined);
    const plainNumber = members.find((m) => m.kind === 'number' && m.minimum === undefined && m.maximum === undefined) as { integer: boolean } | undefined;
    return members.filter((m) => {
      if (plainString && ((m.kind === 'literal' && typeof m.value === 'string') || enumBase(m, this.decls) === 'string')) return false;
      if (plainNumber) {
        const base = enumBase(m, this.decls);
        const lit = m.kind === 'literal' && typeof m.value === 'number' ? m.value : null;
        if (!plainNumber.integer && (base === 'integer' || base === 'number' || lit !== null)) return false;
        if (plainNumber.integer && (base === 'integer' || (lit !== null && Number.isInteger(lit)))) return false;
      }
      return true;
    });
  }

  private printShape(type: Extract<IRType, { kind: 'object' }>): string {
    const entries = type.properties.map((p) => {
      const optional = p.required ? '' : '.optional()';
      // `{ __proto__: x }` in a literal sets the prototype; a computed key declares the property.
      const key = p.name === '__proto__' ? `[${quote(p.name)}]` : propertyKey(p.name);
      if (this.hasForward(p.type)) return `get ${key}() {\nreturn ${this.print(p.type, false)}${optional};\n}`;
      return `${key}: ${this.share(this.print(p.type, true) + optional)}`;
    });
    return entries.length === 0 ? '{}' : `{\n${entries.map((e) => `${e},`).join('\n')}\n}`;
  }

  private printObject(type: Extract<IRType, { kind: 'object' }>): string {
    const shape = this.printShape(type);
    if (type.additional === null) return `z.looseObject(${shape})`;
    if (type.additional.kind === 'never') return `z.strictObject(${shape})`;
    return `z.object(${shape}).catchall(${this.print(type.additional, true)})`;
  }

  declaration(decl: IRDeclaration): string {
    const body = decl.body;
    let text: string;
    let isObject = false;
    switch (body.kind) {
      case 'enum': {
        const values = body.members.map((m) => literal(m.value));
        text = `${body.base === 'string' ? 'z.enum' : 'z.literal'}(${list(values, '[', ']', 100)})`;
        break;
      }
      case 'flags':
        text = body.base === 'bigint-string' ? "z.string().regex(/^\\d+$/, 'expected a bitfield as a decimal string')" : 'z.int().nonnegative()';
        break;
      case 'derived': {
        const required = body.required.length > 0 ? `.required({ ${body.required.map((k) => `${propertyKey(k)}: true`).join(', ')} })` : '';
        const base = objectView({ kind: 'ref', name: body.base }, this.decls);
        if (base) {
          // Spelled out rather than \`.partial().required()\`, which wraps every field twice and
          // parses about 1.7× slower.
          const properties = base.properties.map((p) => ({ ...p, required: body.required.includes(p.name) }));
          text = this.printObject({ kind: 'object', properties, additional: base.additional });
          isObject = true;
        } else if (this.objects.has(body.base) && !this.isForward(body.base)) {
          text = `${this.objectConst(body.base)}.partial()${required}`;
          isObject = true;
        } else {
          text = `z.lazy(() => ${schemaName(body.base)}.partial()${required})`;
        }
        break;
      }
      case 'type':
        text = this.print(body.type, true);
        isObject = this.isObjectSchema(body.type);
        break;
    }
    this.emitted.add(decl.name);
    if (body.kind === 'derived' || (body.kind === 'type' && STRUCTURES.has(body.type.kind))) this.structured.push(decl.name);
    const shared = this.pending.join('');
    this.pending = [];
    return (shared === '' ? '' : shared + '\n') + this.declare(decl, text, isObject);
  }

  private declare(decl: IRDeclaration, text: string, isObject: boolean): string {
    // A recursive schema's type cannot be inferred from its own initializer: annotate it with the
    // interface it validates (tsc then checks the schema against the interface at this line).
    if (this.annotated.has(decl.name)) {
      if (!isObject) return assign(`export const ${schemaName(decl.name)}: z.ZodType<T.${decl.name}>`, text);
      // Keep the object itself too, for \`.extend\`, \`.partial\` and discriminated unions.
      this.objectConsts.set(decl.name, `${schemaName(decl.name)}Object`);
      this.objects.add(decl.name);
      return assign(`const ${schemaName(decl.name)}Object`, text) + assign(`export const ${schemaName(decl.name)}: z.ZodType<T.${decl.name}>`, `${schemaName(decl.name)}Object`);
    }
    if (isObject) this.objects.add(decl.name);
    const config = isObject ? this.objectConfig(decl.name, text) : null;
    if (config !== null) {
      // Declared with a type naming the interface, so the declaration file stays one line per
      // schema (see src/validate/zod-shape.ts); the inferred type is proven equal right here.
      const name = schemaName(decl.name);
      return (
        assign(`const ${name}Inferred`, text) +
        assign(`export const ${name}: ZodObjectOf<T.${decl.name}${config === '$loose' ? '' : `, z.core.${config}`}>`, `${name}Inferred`) +
        assignGeneric(`type ${name}Proof`, 'Assert', `SchemaOutputIs<typeof ${name}Inferred, T.${decl.name}>`)
      );
    }
    return assign(`export const ${schemaName(decl.name)}`, text);
  }

  /** Whether each object declaration is a loose or strict object (null: a catchall, left inferred). */
  private readonly objectConfigs = new Map<string, '$loose' | '$strict' | null>();

  /** The zod object config of the object schema `text` declares, when it can be named. */
  private objectConfig(name: string, text: string): '$loose' | '$strict' | null {
    let config: '$loose' | '$strict' | null = null;
    if (text.startsWith('z.looseObject(')) config = '$loose';
    else if (text.startsWith('z.strictObject(')) config = '$strict';
    else {
      // `Base.partial()`, `Base.extend(…)` or a bare reference: the config of the base object.
      const base = /^([A-Za-z_$][\w$]*?)Schema(?:Object|Inferred)?\b/.exec(text);
      config = base ? (this.objectConfigs.get(base[1]!) ?? null) : null;
    }
    this.objectConfigs.set(name, config);
    return config;
  }
}

function frameUnion(frames: readonly IRFrame[], direction: 'receive' | 'send'): string {
  const ofDirection = frames.filter((f) => f.direction === direction);
  const dispatches = ofDirection.filter((f) => f.op === 0 && f.t !== null);
  const others = ofDirection.filter((f) => !(f.op === 0 && f.t !== null));
  const members = others.map((f) => schemaName(f.name));
  if (dispatches.length > 0) members.unshift(`z.discriminatedUnion('t', ${list(dispatches.map((f) => schemaName(f.name)), '[', ']')})`);
  return `z.discriminatedUnion('op', ${list(members, '[', ']')})`;
}

export function emitZod(ir: IR): GeneratedFile[] {
  const frameNames = new Set(['GatewayReceivePayload', 'GatewaySendPayload']);
  const hasFrames = ir.frames.length > 0;
  const parts: string[] = [];
  const order = dependencyOrder(ir);
  // Find the back-edges first, so a declaration is annotated before anything extends it; count the
  // field schemas worth sharing on the way.
  const probe = new ZodPrinter(ir);
  for (const decl of order) {
    if (hasFrames && frameNames.has(decl.name)) continue;
    probe.declaration(decl);
  }
  const printer = new ZodPrinter(ir, probe.shareCounts);
  for (const name of probe.annotated) printer.annotated.add(name);
  for (const decl of order) {
    // The two frame unions are emitted below, dispatched on op then t, not as flat unions.
    if (hasFrames && frameNames.has(decl.name)) continue;
    parts.push(printer.declaration(decl));
  }
  if (hasFrames) {
    // Annotated: the inferred type of a union of every frame is too large for a declaration file.
    // A schema set may define frames in one direction only (no events/send.json), or none of a
    // direction's frames could be read: that union is z.never().
    const frameSchema = (direction: 'receive' | 'send', name: string, doc: string): string => {
      const type = ir.declarations.some((d) => d.name === name) ? `: z.ZodType<T.${name}>` : '';
      if (ir.frames.some((f) => f.direction === direction)) return `/** ${doc} */\nexport const ${name}Schema${type} = ${frameUnion(ir.frames, direction)};\n`;
      return `/** ${doc} (these schemas define none) */\nexport const ${name}Schema${type} = z.never();\n`;
    };
    parts.push(frameSchema('receive', 'GatewayReceivePayload', 'Any frame the gateway sends, dispatched on `op` and then on `t`.'));
    parts.push(frameSchema('send', 'GatewaySendPayload', 'Any frame a client sends, dispatched on `op`.'));
    // Each table's type names the member consts (\`typeof X\`), so declaration files stay small.
    const table = (doc: string, name: string, rows: [string, string][]): string =>
      `/** ${doc} */\nexport const ${name}: {\n${rows.map(([k, v]) => `readonly ${k}: typeof ${v};`).join('\n')}\n} = {\n${rows.map(([k, v]) => `${k}: ${v},`).join('\n')}\n};\n`;
    const dispatches = ir.frames.filter((f) => f.direction === 'receive' && f.op === 0 && f.t !== null);
    parts.push(table('The frame schema of every dispatch, by event name.', 'GatewayDispatchSchemas', dispatches.map((f) => [propertyKey(f.t!), schemaName(f.name)])));
    const receiveOps = ir.frames.filter((f) => f.direction === 'receive' && !(f.op === 0 && f.t !== null));
    parts.push(table('The frame schema of every non-dispatch receive opcode.', 'GatewayReceiveOpSchemas', receiveOps.map((f) => [String(f.op), schemaName(f.name)])));
    const sendOps = ir.frames.filter((f) => f.direction === 'send');
    parts.push(table('The frame schema of every send opcode.', 'GatewaySendOpSchemas', sendOps.map((f) => [String(f.op), schemaName(f.name)])));
  }
  // The compiled fast path (src/validate/zod-fast-path.ts), for every structured declaration and the frame unions.
  const accelerate = (schema: string, validator: string): string => `accelerate${list([schema, validator], '(', ')', WIDTH - 'accelerate();'.length)};`;
  const fast = printer.structured.filter((name) => !(hasFrames && frameNames.has(name))).map((name) => accelerate(schemaName(name), `V.is${name}`));
  if (hasFrames) fast.push(accelerate('GatewayReceivePayloadSchema', 'V.rootChecks[V.receiveFrameRoot]!'), accelerate('GatewaySendPayloadSchema', 'V.rootChecks[V.sendFrameRoot]!'));
  // The runtime parts are real modules in src/validate, inlined here as they are written there.
  const declaredTypes = inlinedBody(runtimeSource('src/validate/zod-declared-types.ts'), ['ZodShapeOf', 'ZodObjectOf']);
  const selectBy = parts.some((p) => p.includes('selectBy(')) ? inlinedBody(runtimeSource('src/validate/zod-select-by.ts'), []) + '\n' : '';
  const fastPath = inlinedBody(runtimeSource('src/validate/zod-fast-path.ts'), ['setCompiledFastPath']);
  const zodFile =
    header(ir, 'zod 4 schemas, one per declaration; tolerant of unknown keys (z.looseObject). Structured schemas accept through the compiled validators first (see setCompiledFastPath).') +
    `import { z } from 'zod';\nimport type * as T from './index.js';\nimport * as V from './validators.js';\n` +
    declaredTypes +
    '\n' +
    selectBy +
    indentBlocks(parts.join('\n')) +
    '\n' +
    fastPath +
    '\n' +
    indentBlocks(fast.join('\n')) +
    '\n';

  const checks = ir.declarations.map((d) => assignGeneric(`export type Check${d.name}`, 'Assert', `MutuallyAssignable<Closed<z.output<typeof Z.${schemaName(d.name)}>>, T.${d.name}>`));
  const checksFile =
    header(ir, 'Type-level proof that each zod schema and its TypeScript type agree, for every declaration. Checked by `tsc`.') +
    `import type { z } from 'zod';\nimport type * as T from './index.js';\nimport type * as Z from './zod.js';\n\n` +
    `/** zod's loose objects add an index signature; the interfaces are closed. Compare without it. Primitives (an open enum's \`string & {}\` too) stay as they are. */\n` +
    `type Closed<V> = V extends string | number | boolean | bigint | null | undefined
  ? V
  : V extends readonly unknown[]
    ? { [K in keyof V]: Closed<V[K]> }
    : V extends object
      ? { [K in keyof V as string extends K ? never : K]: Closed<V[K]> }
      : V;\n` +
    `type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;\n` +
    `type Assert<T extends true> = T;\n\n` +
    checks.join('');
  return [
    { path: 'zod.ts', contents: zodFile },
    { path: 'checks.ts', contents: checksFile },
  ];
}
