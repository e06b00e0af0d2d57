/**
 * The shape description the validator emitter writes into generated/validators.ts (as a JSON
 * string) and collect.ts / strip.ts walk: one flat list of nodes that refer to each other by index.
 * It is the contract between codegen/emit/validators/description.ts and this folder; both sides
 * import these types.
 *
 * The generated check functions decide validity; the description is read only to say *why* a value
 * is invalid (collect), to copy a valid value without unknown keys (strip) and to find unknown keys
 * (strict mode). Every `expected` text is precomputed by the emitter, so issues read the same
 * whichever engine made them.
 */
import type { ValidationIssueCode } from './issues.js';

/** Index of a node in `ValidatorTable.nodes`. */
export type NodeIndex = number;
/** Index of a root: a declaration (in `declarationRoots` order), then the frame unions. */
export type RootIndex = number;

export type Literal = string | number | boolean | null;

/** A test of a value with no inner structure. Bounds are inclusive; null means "none". */
export type LeafTest =
  | readonly ['never']
  | readonly ['str', number | null, number | null, string | null]
  | readonly ['int' | 'num', number | null, number | null]
  | readonly ['bool']
  | readonly ['null']
  | readonly ['lit', Literal]
  | readonly ['enum', readonly Literal[]];

/**
 * How a failed leaf is reported: `null` invalid_type; `''` invalid_value; a JS kind (`'string'`)
 * invalid_value when the value has that kind (a wrong pattern, literal or bound), else invalid_type.
 */
export type LeafIssue = null | '' | string;

/** Bits of a property's (or a selector's) flags. */
export const REQUIRED = 1;
/** The property's type accepts `undefined`, so presence is tested with `in` rather than `!== undefined`. */
export const ACCEPTS_UNDEFINED = 2;
/** A name `Object.prototype` has (`constructor`, `__proto__`): only an own property counts. */
export const PROTO_NAME = 4;

/**
 * One property: name, type, flags, and what a `missing` issue expects — left out when it is what
 * the type's node says it expects itself (see `impliedExpected`).
 */
export type PropertyEntry = readonly [name: string, type: NodeIndex, flags: number, missing?: string];

/** How a tagged union picks its member: by a literal property, or by trying the members left. */
export type UnionPlan =
  | readonly ['switch', key: string, cases: readonly (readonly [Literal, UnionPlan])[], expected: string]
  | readonly ['try', members: readonly NodeIndex[]];

/** Whether the union's selector value admits a member: the selector property's type and flags. */
export type Selection = readonly [type: NodeIndex, flags: number];

/** A member that may be reported: the JS kinds it can have (null: any), its node, its selection. */
export type Candidate = readonly [kinds: readonly string[] | null, member: NodeIndex, selection: Selection | null];

export type DescriptionNode =
  /** Any value. */
  | readonly ['u']
  | readonly ['l', expected: string, issue: LeafIssue, test: LeafTest]
  /** A declaration: walked through its root, after its check function when tolerant. */
  | readonly ['r', root: RootIndex]
  /** `additional`: null, unknown keys allowed (reported in strict mode); 'never', never allowed; else their type. */
  | readonly ['o', properties: readonly PropertyEntry[], additional: null | 'never' | NodeIndex]
  | readonly ['a', items: NodeIndex, expected: string, minItems: number | null, maxItems: number | null]
  | readonly ['t', items: readonly NodeIndex[], minItems: number, rest: NodeIndex | null]
  /** `key` null: any string key. */
  | readonly ['m', key: NodeIndex | null, keyExpected: string, value: NodeIndex]
  /** Members that could not be merged into one object; `keys`: every key they know, for strict mode. */
  | readonly ['&', members: readonly NodeIndex[], keys: readonly string[] | null]
  | readonly ['!', base: NodeIndex, not: NodeIndex, expected: string]
  /**
   * A union: objects go by `plan` when there is one; anything else (every value when there is no
   * plan) is reported against `candidates` (#11.10: the member that matched deepest).
   */
  | readonly ['|', expected: string, plan: UnionPlan | null, candidates: readonly Candidate[], selector: string | null];

/**
 * The number a failed object check reports for a property (`fail(tag)` in generated code): a hash
 * of its name, so adding a property changes no other property's tag. Two properties of one object
 * may share a tag; the walk then starts at the first of them, which is safe (it only re-checks).
 */
export function propertyTag(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 9973;
}

/** What a node says it expects, where it says so: a property of that type expects the same when missing. */
export function impliedExpected(node: DescriptionNode): string | undefined {
  switch (node[0]) {
    case 'l':
    case '|':
      return node[1];
    case 'a':
      return node[2];
    case '!':
      return node[3];
    case 'o':
      return 'object';
    default:
      return undefined;
  }
}

export interface ValidatorTable {
  readonly nodes: readonly DescriptionNode[];
  /** The node of each root. */
  readonly roots: readonly NodeIndex[];
}

/** A tolerant check function of the generated module (never throws for plain data). */
export type CheckFunction = (value: unknown) => boolean;

/** What generated/validators.ts exports for the runtime (and for any module the emitter writes). */
export interface GeneratedValidators {
  /** The tolerant check of each root, by root index. */
  readonly rootChecks: readonly CheckFunction[];
  /** Declaration name → root index. */
  readonly declarationRoots: Readonly<Record<string, RootIndex>>;
  /** Dispatch event name → root of the whole frame. */
  readonly dispatchRoots: ReadonlyMap<string, RootIndex>;
  /** Non-dispatch receive opcode → root of the frame (a union when several frames share it). */
  readonly receiveOpRoots: ReadonlyMap<number, RootIndex>;
  readonly sendOpRoots: ReadonlyMap<number, RootIndex>;
  /** Every receive frame, and every send frame (a union dispatched on `op`, then `t`). */
  readonly receiveFrameRoot: RootIndex;
  readonly sendFrameRoot: RootIndex;
  /**
   * Where the last failed check of an object declaration failed: the `propertyTag` of the property,
   * or -1 (not at a property). Read right after a check said no.
   */
  readonly failedAt: number;
  /** The `ValidatorTable` as JSON, parsed on first use. */
  readonly validatorTable: string;
}

/** Issue codes a description can produce (the same as the generated code did). */
export type DescribedIssueCode = Exclude<ValidationIssueCode, 'invalid_union'>;
