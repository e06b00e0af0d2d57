/**
 * The compiled validator of one type: the generated check function (tolerant) joined with the
 * shape-description walks (issues, strip, strict mode). `bindValidators` turns a generated module
 * into the validators by name and the frame lookup tables.
 */
import { collect, type Strictness } from './collect.js';
import type { CheckFunction, GeneratedValidators, RootIndex } from './description.js';
import type { ValidationIssue } from './issues.js';
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

  constructor(table: ShapeTable, root: RootIndex) {
    const tolerant = table.checks[root]!;
    this.tolerant = tolerant;
    // Strict mode is for tests and tooling: a tolerant pass, then a walk that finds unknown keys.
    this.check = (v, st = 0) => tolerant(v) && (st === 0 || strictlyClean(table, root, v, st));
    this.collect = (v, path, issues, st = 0) => collect(table, table.rootNode(root), v, path, issues, st);
    this.strip = (v) => strip(table, table.rootNode(root), v);
    this.collectRejected = (v, issues) => collect(table, table.rootNode(root), v, '', issues, 0, true, table.failedAt());
  }
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
  constructor(
    private readonly roots: ReadonlyMap<K, RootIndex>,
    private readonly cache: RootCache,
  ) {}

  get size(): number {
    return this.roots.size;
  }

  get(key: K): RootValidator | undefined {
    const r = this.roots.get(key);
    return r === undefined ? undefined : this.cache.at(r);
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
