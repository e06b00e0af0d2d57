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

  constructor(table: ShapeTable, root: RootIndex) {
    const tolerant = table.checks[root]!;
    this.tolerant = tolerant;
    // Strict mode is for tests and tooling: a tolerant pass, then a walk that finds unknown keys.
    this.check = (v, st = 0) => tolerant(v) && (st === 0 || strictlyClean(table, root, v, st));
    this.collect = (v, path, issues, st = 0) => collect(table, table.rootNode(root), v, path, issues, st);
    this.strip = (v) => strip(table, table.rootNode(root), v);
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

/** The validators of a generated module (generated/validators.ts, or one the emitter wrote elsewhere). */
export function bindValidators<M extends GeneratedValidators>(module: M): BoundValidators<Extract<keyof M['declarationRoots'], string>> {
  const table = shapeTableOf(module);
  const byRoot = new Map<RootIndex, RootValidator>();
  const at = (root: RootIndex): RootValidator => {
    let v = byRoot.get(root);
    if (v === undefined) byRoot.set(root, (v = new RootValidator(table, root)));
    return v;
  };
  const mapOf = <K>(roots: ReadonlyMap<K, RootIndex>): ReadonlyMap<K, RootValidator> => new Map([...roots].map(([k, r]) => [k, at(r)]));
  const validators = Object.fromEntries(Object.entries(module.declarationRoots).map(([name, r]) => [name, at(r)]));
  return {
    Validators: validators as BoundValidators<Extract<keyof M['declarationRoots'], string>>['Validators'],
    GatewayDispatchValidators: mapOf(module.dispatchRoots),
    GatewayReceiveOpValidators: mapOf(module.receiveOpRoots),
    GatewaySendOpValidators: mapOf(module.sendOpRoots),
    ReceiveFrameValidator: at(module.receiveFrameRoot),
    SendFrameValidator: at(module.sendFrameRoot),
  };
}
