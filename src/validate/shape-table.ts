/**
 * A generated module's shape description, parsed on first use, with what walking it needs built
 * once: the known-key set of each object, each pattern's RegExp, and whether stripping can change
 * a node's value. collect.ts, strip.ts and accepts() read it.
 */
import { impliedExpected, propertyTag, type CheckFunction, type DescriptionNode, type GeneratedValidators, type LeafTest, type NodeIndex, type PropertyEntry, type RootIndex, type ValidatorTable } from './description.js';
import { pointerSegment } from './issues.js';

export interface ObjectLayout {
  readonly names: readonly string[];
  readonly types: readonly NodeIndex[];
  readonly flags: readonly number[];
  /** What a `missing` issue expects. */
  readonly missing: readonly string[];
  /** `/name`, escaped: the pointer suffix of each property. */
  readonly suffixes: readonly string[];
  /** Each property's `propertyTag`: what a failed check reports. */
  readonly tags: readonly number[];
}

export class ShapeTable {
  private parsed: ValidatorTable | undefined;
  private readonly keySets = new Map<NodeIndex, ReadonlySet<string>>();
  private readonly patterns = new Map<string, RegExp>();
  /** Per node, made on first walk; a packed array (sized on first use) rather than a Map: it is read for every object walked. */
  private layoutList: (ObjectLayout | null)[] | undefined;
  private predicateList: (((x: unknown) => boolean) | null)[] | undefined;
  /** Per node: 1 stripping may change the value, 0 it never does, 2 being computed (a cycle). */
  private stripFlags: Uint8Array | undefined;

  /** The generated check of each root. Kept here: reading it through the module namespace on every child walked is a measurable share of an issue report. */
  readonly checks: readonly CheckFunction[];

  constructor(private readonly module: GeneratedValidators) {
    this.checks = module.rootChecks;
  }

  /** Where the last failed check of an object declaration failed (read right after it said no). */
  failedAt(): number {
    return this.module.failedAt;
  }

  private get table(): ValidatorTable {
    return (this.parsed ??= JSON.parse(this.module.validatorTable) as ValidatorTable);
  }

  /** Each node's tolerant check, once made (shape-check.ts); sized once so lookups stay on a packed array. */
  get predicates(): (((x: unknown) => boolean) | null)[] {
    return (this.predicateList ??= new Array<((x: unknown) => boolean) | null>(this.table.nodes.length).fill(null));
  }

  node(n: NodeIndex): DescriptionNode {
    return this.table.nodes[n]!;
  }

  rootNode(r: RootIndex): NodeIndex {
    return this.table.roots[r]!;
  }

  /** The keys an object node lists (or an intersection knows), as a set. */
  knownKeys(n: NodeIndex, keys: readonly string[]): ReadonlySet<string> {
    let set = this.keySets.get(n);
    if (set === undefined) this.keySets.set(n, (set = new Set(keys)));
    return set;
  }

  /** An object node's properties as parallel arrays (read by index on every walk, never destructured). */
  layout(n: NodeIndex, properties: readonly PropertyEntry[]): ObjectLayout {
    const layouts = (this.layoutList ??= new Array<ObjectLayout | null>(this.table.nodes.length).fill(null));
    let layout = layouts[n];
    if (layout === null || layout === undefined) {
      layout = {
        names: properties.map((q) => q[0]),
        types: properties.map((q) => q[1]),
        flags: properties.map((q) => q[2]),
        missing: properties.map((q) => (q.length > 3 ? q[3]! : (impliedExpected(this.node(q[1])) ?? ''))),
        suffixes: properties.map((q) => '/' + pointerSegment(q[0])),
        tags: properties.map((q) => propertyTag(q[0])),
      };
      layouts[n] = layout;
    }
    return layout;
  }

  pattern(source: string): RegExp {
    let re = this.patterns.get(source);
    if (re === undefined) this.patterns.set(source, (re = new RegExp(source, 'u')));
    return re;
  }

  /** Whether `value` passes a leaf test. */
  leafAccepts(test: LeafTest, x: unknown): boolean {
    switch (test[0]) {
      case 'never':
        return false;
      case 'str':
        return (
          typeof x === 'string' &&
          (test[1] === null || x.length >= test[1]) &&
          (test[2] === null || x.length <= test[2]) &&
          (test[3] === null || this.pattern(test[3]).test(x))
        );
      case 'int':
      case 'num':
        return (
          (test[0] === 'int' ? Number.isSafeInteger(x) : typeof x === 'number' && Number.isFinite(x)) &&
          (test[1] === null || (x as number) >= test[1]) &&
          (test[2] === null || (x as number) <= test[2])
        );
      case 'bool':
        return typeof x === 'boolean';
      case 'null':
        return x === null;
      case 'lit':
        return x === test[1];
      case 'enum':
        return test[1].includes(x as never);
    }
  }

  /** Whether stripping can change a value of node `n` (it contains an object somewhere). */
  needsStrip(n: NodeIndex): boolean {
    const flags = (this.stripFlags ??= new Uint8Array(this.table.nodes.length).fill(3));
    const known = flags[n]!;
    if (known !== 3) return known !== 0;
    flags[n] = 2;
    const result = this.computeNeedsStrip(this.node(n));
    flags[n] = result ? 1 : 0;
    return result;
  }

  private computeNeedsStrip(node: DescriptionNode): boolean {
    switch (node[0]) {
      case 'o':
      case 'm':
      case '&':
        return true;
      case 'r':
        return this.needsStrip(this.rootNode(node[1]));
      case 'a':
        return this.needsStrip(node[1]);
      case 't':
        return node[1].some((i) => this.needsStrip(i)) || (node[3] !== null && this.needsStrip(node[3]));
      case '|':
        return node[2] !== null || node[3].some((c) => this.needsStrip(c[1]));
      case '!':
        return this.needsStrip(node[1]);
      case 'u':
      case 'l':
        return false;
    }
  }
}

/** Tables by generated module, so every validator of one module shares one parse. */
const tables = new WeakMap<GeneratedValidators, ShapeTable>();

export function shapeTableOf(module: GeneratedValidators): ShapeTable {
  let t = tables.get(module);
  if (t === undefined) tables.set(module, (t = new ShapeTable(module)));
  return t;
}
