/**
 * The compiled validator of one type: the generated check function (tolerant) joined with the
 * shape-description walks (issues, strip, strict mode). `bindValidators` turns a generated module
 * into the validators by name and the frame lookup tables.
 */
import { collect, type Strictness } from './collect.js';
import { ACCEPTS_UNDEFINED, PROTO_NAME, REQUIRED, type CheckFunction, type GeneratedValidators, type NodeIndex, type RootIndex } from './description.js';
import { pointerSegment, type ValidationIssue } from './issues.js';
import { hasProperty, isPlainObject, readProperty, type Obj } from './read.js';
import { predicateOf, type Predicate } from './shape-check.js';
import { shapeTableOf, type ShapeTable } from './shape-table.js';
import { strip } from './strip.js';

export type { Strictness } from './collect.js';

/** The compiled functions of one type. */
export interface CompiledValidator {
  /** True when `v` is valid (strict: with no unknown key either); stops at the first failure. */
  readonly check: (v: unknown, st?: Strictness) => boolean;
  /** Pushes one issue per problem in `v` onto `issues`; `path` is the JSON pointer of `v`. */
  readonly collect: (v: unknown, path: string, issues: ValidationIssue[], st?: Strictness) => void;
  /** A copy of a valid `v` without unknown keys. */
  readonly strip: (v: unknown) => unknown;
}

/** A root's validator. Its functions are own properties, so they work detached (`const { check } = v`). */
export class RootValidator implements CompiledValidator {
  /** The generated tolerant check itself (what `check(v)` calls). */
  readonly tolerant: CheckFunction;
  readonly check: (v: unknown, st?: Strictness) => boolean;
  readonly collect: (v: unknown, path: string, issues: ValidationIssue[], st?: Strictness) => void;
  readonly strip: (v: unknown) => unknown;
  /** `collect` (tolerant) for a value `tolerant` just rejected: the walk starts where that check failed. */
  readonly collectRejected: (v: unknown, issues: ValidationIssue[]) => void;
  /**
   * The tolerant verdict and, for a rejected value, its issues: null when `v` is valid (what
   * `tolerant` says), otherwise what `collect(v, '', issues)` reports.
   */
  readonly rejection: (v: unknown) => ValidationIssue[] | null;

  constructor(table: ShapeTable, root: RootIndex) {
    const tolerant = table.checks[root]!;
    this.tolerant = tolerant;
    // Strict mode is for tests and tooling: a tolerant pass, then a walk that finds unknown keys.
    this.check = (v, st = 0) => tolerant(v) && (st === 0 || strictlyClean(table, root, v, st));
    this.collect = (v, path, issues, st = 0) => collect(table, table.rootNode(root), v, path, issues, st);
    this.strip = (v) => strip(table, table.rootNode(root), v);
    this.collectRejected = (v, issues) => collect(table, table.rootNode(root), v, '', issues, 0, true, table.failedAt());
    // Undefined until this root's first rejection (the description is not parsed before one).
    let split: DeclarationSplit | null | undefined;
    this.rejection = (v) => {
      if (split !== undefined && split !== null) return splitRejection(table, split, v, tolerant);
      if (tolerant(v)) return null;
      const found: ValidationIssue[] = [];
      collect(table, table.rootNode(root), v, '', found, 0, true, table.failedAt());
      split ??= declarationSplit(table, table.rootNode(root));
      return found;
    };
  }
}

/**
 * A root that is an object holding one declaration besides plain properties (a gateway frame and
 * its `d`). The root's own check, on failing inside that declaration, overwrites where the
 * declaration failed with where it failed itself, so the walk would run the declaration's check a
 * second time (for a large MESSAGE_CREATE, most of the cost of a report). Checked as the other
 * properties' predicates and then the declaration's check, the verdict is the same and the walk
 * starts inside the declaration.
 */
interface DeclarationSplit {
  readonly root: NodeIndex;
  readonly othersPass: (v: Obj) => boolean;
  readonly names: readonly string[];
  readonly flags: readonly number[];
  /** The declaration property's index. */
  readonly at: number;
  readonly check: CheckFunction;
  readonly node: NodeIndex;
}

function declarationSplit(table: ShapeTable, n: NodeIndex): DeclarationSplit | null {
  const node = table.node(n);
  if (node[0] !== 'o' || node[2] !== null) return null;
  const { names, types, flags } = table.layout(n, node[1]);
  const declarations = types.flatMap((t, i) => (table.node(t)[0] === 'r' ? [i] : []));
  if (declarations.length !== 1) return null;
  const at = declarations[0]!;
  const declaration = table.node(types[at]!);
  if (declaration[0] !== 'r' || flags[at]! & ACCEPTS_UNDEFINED) return null;
  const others = names.flatMap((_, i) => (i === at ? [] : [i]));
  const predicates = others.map((i) => predicateOf(table, types[i]!));
  return {
    root: n,
    othersPass: othersTest(others.map((i) => names[i]!), others.map((i) => flags[i]!), predicates),
    names,
    flags,
    at,
    check: table.checks[declaration[1]]!,
    node: table.rootNode(declaration[1]),
  };
}

function splitRejection(table: ShapeTable, split: DeclarationSplit, v: unknown, whole: CheckFunction): ValidationIssue[] | null {
  if (isPlainObject(v) && split.othersPass(v)) {
    const name = split.names[split.at]!;
    const f = split.flags[split.at]!;
    const d = readProperty(v, name, f);
    if (d !== undefined || !(f & REQUIRED)) {
      if (d === undefined || split.check(d)) return null;
      // Every other property passed and the object is open: all the issues are the declaration's.
      const found: ValidationIssue[] = [];
      collect(table, split.node, d, '/' + pointerSegment(name), found, 0, true, table.failedAt());
      return found;
    }
  }
  // Rejected before the declaration (or the predicates disagree): as without a split.
  if (whole(v)) return null;
  const found: ValidationIssue[] = [];
  collect(table, split.root, v, '', found, 0, true, table.failedAt());
  return found;
}

/**
 * Whether an object's plain properties pass. It runs before every valid payload's declaration
 * check, so the usual frame (three required properties whose types reject `undefined`: op, s, t)
 * gets a closure with one read and one call per property, no loop and no flag tests.
 */
function othersTest(names: readonly string[], flags: readonly number[], predicates: readonly Predicate[]): (v: Obj) => boolean {
  const plain = flags.every((f) => f & REQUIRED && !(f & (ACCEPTS_UNDEFINED | PROTO_NAME)));
  if (plain && names.length === 3) {
    const [n0, n1, n2] = names as [string, string, string];
    const [p0, p1, p2] = predicates as [Predicate, Predicate, Predicate];
    return (v) => p0(v[n0]) && p1(v[n1]) && p2(v[n2]);
  }
  return (v) => {
    for (let i = 0; i < names.length; i++) {
      const f = flags[i]!;
      const x = readProperty(v, names[i]!, f);
      if (x === undefined) {
        if (!(f & REQUIRED)) continue;
        if (!(f & ACCEPTS_UNDEFINED) || !hasProperty(v, names[i]!, f)) return false;
      }
      if (!predicates[i]!(x)) return false;
    }
    return true;
  };
}

function strictlyClean(table: ShapeTable, root: RootIndex, v: unknown, st: Strictness): boolean {
  const found: ValidationIssue[] = [];
  collect(table, table.rootNode(root), v, '', found, st);
  return found.length === 0;
}

export interface BoundValidators<Name extends string> {
  /** The compiled validator of every declaration, by name. */
  readonly Validators: { readonly [K in Name]: RootValidator };
  /** Dispatch frames (op 0) by `t`: the validator of the whole frame. */
  readonly GatewayDispatchValidators: ReadonlyMap<string, RootValidator>;
  /** Non-dispatch receive frames by `op`. */
  readonly GatewayReceiveOpValidators: ReadonlyMap<number, RootValidator>;
  /** Send frames by `op`. */
  readonly GatewaySendOpValidators: ReadonlyMap<number, RootValidator>;
  /** Every receive frame, dispatched on `op` then `t`. */
  readonly ReceiveFrameValidator: RootValidator;
  /** Every send frame, dispatched on `op`. */
  readonly SendFrameValidator: RootValidator;
}

/** A module's root validators, each made on first use. */
class RootCache {
  /** Sized once (a packed array): filled in any order, it would otherwise turn into a slow sparse one. */
  private readonly made: (RootValidator | null)[];

  constructor(private readonly table: ShapeTable) {
    this.made = new Array<RootValidator | null>(table.checks.length).fill(null);
  }

  at(root: RootIndex): RootValidator {
    return (this.made[root] ??= new RootValidator(this.table, root));
  }
}

/** A generated frame table (key → root) read as key → validator; validators are made when asked for. */
class RootMap<K> implements ReadonlyMap<K, RootValidator> {
  /** The validators looked up so far, by key: every safeParse asks, so a hit is one Map read. */
  private readonly found = new Map<K, RootValidator>();

  constructor(
    private readonly roots: ReadonlyMap<K, RootIndex>,
    private readonly cache: RootCache,
  ) {}

  get size(): number {
    return this.roots.size;
  }

  get(key: K): RootValidator | undefined {
    const hit = this.found.get(key);
    if (hit !== undefined) return hit;
    const r = this.roots.get(key);
    if (r === undefined) return undefined;
    const made = this.cache.at(r);
    this.found.set(key, made);
    return made;
  }

  has(key: K): boolean {
    return this.roots.has(key);
  }

  keys(): MapIterator<K> {
    return this.roots.keys();
  }

  *entries(): MapIterator<[K, RootValidator]> {
    for (const [k, r] of this.roots) yield [k, this.cache.at(r)];
  }

  *values(): MapIterator<RootValidator> {
    for (const r of this.roots.values()) yield this.cache.at(r);
  }

  [Symbol.iterator](): MapIterator<[K, RootValidator]> {
    return this.entries();
  }

  forEach(callback: (value: RootValidator, key: K, map: ReadonlyMap<K, RootValidator>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
}

/**
 * Declaration name → validator, as a plain-looking object whose validators are made when a name is
 * first read (building all of them would be most of the cost of importing this package).
 */
function validatorsByName(roots: Readonly<Record<string, RootIndex>>, cache: RootCache): Readonly<Record<string, RootValidator>> {
  const own = (name: string | symbol): name is string => typeof name === 'string' && Object.prototype.hasOwnProperty.call(roots, name);
  return new Proxy({} as Record<string, RootValidator>, {
    get: (_, name) => (own(name) ? cache.at(roots[name]!) : undefined),
    has: (_, name) => own(name),
    ownKeys: () => Object.keys(roots),
    getOwnPropertyDescriptor: (_, name) => (own(name) ? { value: cache.at(roots[name]!), enumerable: true, configurable: true, writable: false } : undefined),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/** The validators of a generated module (generated/validators.ts, or one the emitter wrote elsewhere). */
export function bindValidators<M extends GeneratedValidators>(module: M): BoundValidators<Extract<keyof M['declarationRoots'], string>> {
  const cache = new RootCache(shapeTableOf(module));
  type Bound = BoundValidators<Extract<keyof M['declarationRoots'], string>>;
  return {
    Validators: validatorsByName(module.declarationRoots, cache) as Bound['Validators'],
    GatewayDispatchValidators: new RootMap(module.dispatchRoots, cache),
    GatewayReceiveOpValidators: new RootMap(module.receiveOpRoots, cache),
    GatewaySendOpValidators: new RootMap(module.sendOpRoots, cache),
    get ReceiveFrameValidator() {
      return cache.at(module.receiveFrameRoot);
    },
    get SendFrameValidator() {
      return cache.at(module.sendFrameRoot);
    },
  };
}
