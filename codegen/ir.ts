/**
 * The one intermediate representation every emitter reads.
 *
 * The resolver (codegen/resolve/) turns a set of dialect schemas into an `IR`; emitters
 * (codegen/emit/) turn an `IR` into files. Because every emitter reads the same IR, a type and its
 * validator cannot disagree about what a field is.
 *
 * Invariants the resolver guarantees, so emitters need not re-check them:
 * - every `ref` names a declaration present in `IR.declarations`;
 * - declaration names are unique, valid TypeScript identifiers, and deterministic;
 * - `declarations` is sorted by name; object properties keep schema order;
 * - unions are flat (no union directly inside a union) and contain no duplicate members.
 */
import type { CodegenWarningCode } from './errors.js';

/** Where a declaration or diagnostic came from: a file relative to the schema root, and a JSON pointer into it. */
export interface SourceLocation {
  readonly file: string;
  readonly pointer: string;
}

/** Documentation carried from `title`/`description`/`deprecated`/`x-see`/`x-undocumented`. */
export interface Doc {
  readonly description?: string;
  /** `true`, or a reason. */
  readonly deprecated?: boolean | string;
  readonly see?: string;
  /** Discord sends it but does not document it (`x-undocumented`): emitted as `@remarks undocumented`. */
  readonly undocumented?: boolean;
}

export type Literal = string | number | boolean | null;

export type IRType =
  /** `{}` or `true`: anything. */
  | { readonly kind: 'unknown' }
  /** `false`, or a contradiction (e.g. `op: 0` intersected with `op: 1`). */
  | { readonly kind: 'never' }
  /** Optional constraints come from `minLength`/`maxLength`/`pattern` (ECMAScript regex source). */
  | {
      readonly kind: 'string';
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly pattern?: string;
    }
  /** `integer: true` for JSON Schema `integer`; bounds from `minimum`/`maximum` (inclusive). */
  | {
      readonly kind: 'number';
      readonly integer: boolean;
      readonly minimum?: number;
      readonly maximum?: number;
    }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'null' }
  /** A single-value `enum` or `const`. */
  | { readonly kind: 'literal'; readonly value: Literal }
  /** A reference to a named declaration. */
  | { readonly kind: 'ref'; readonly name: string }
  /** Bounds from `minItems`/`maxItems`. */
  | {
      readonly kind: 'array';
      readonly items: IRType;
      readonly minItems?: number;
      readonly maxItems?: number;
    }
  /**
   * `prefixItems`. Elements at index >= `minItems` are optional. `rest` is the type of further
   * elements (`items`), or `null` when the tuple is closed (`items: false`).
   */
  | {
      readonly kind: 'tuple';
      readonly items: readonly IRTupleItem[];
      readonly minItems: number;
      readonly rest: IRType | null;
    }
  | {
      readonly kind: 'object';
      readonly properties: readonly IRProperty[];
      /**
       * Schema for keys not listed in `properties`. `null`: unknown keys are tolerated by validators
       * (the default) and absent from the TypeScript type (types are closed). `{kind:'never'}`:
       * `additionalProperties: false`.
       */
      readonly additional: IRType | null;
    }
  /** `propertyNames` + `additionalProperties` with no `properties`: a map. */
  | { readonly kind: 'record'; readonly key: IRType; readonly value: IRType }
  /**
   * `oneOf`/`anyOf`/type arrays/nullable. `discriminator` is set when every member is an object
   * (or a ref to one) with this property required and a distinct literal value: emitters may
   * dispatch on it instead of trying each member. `selector` is set instead when no such property
   * exists but one is listed by every object member and required as a literal by some
   * (GUILD_CREATE's `unavailable`): its value rules members out, so an invalid value is reported
   * against the members it selects.
   */
  | { readonly kind: 'union'; readonly members: readonly IRType[]; readonly discriminator?: string; readonly selector?: string }
  /** `allOf` that could not be folded into one object (e.g. a ref plus extra properties). */
  | { readonly kind: 'intersection'; readonly members: readonly IRType[] }
  /** `base` that must not match `not` (JSON Schema `not`). TypeScript sees only `base`. */
  | { readonly kind: 'not'; readonly base: IRType; readonly not: IRType }
  /**
   * Reserved. The resolver never produces it: a bitfield is a `ref` to a declaration whose body is
   * `flags` (look it up to know the base).
   */
  | { readonly kind: 'flags'; readonly name: string; readonly base: 'integer' | 'bigint-string' };

export interface IRTupleItem {
  /** From the item's `title`; emitters label all items or none. */
  readonly label?: string;
  readonly type: IRType;
}

export interface IRProperty {
  readonly name: string;
  readonly type: IRType;
  readonly required: boolean;
  readonly doc: Doc;
}

export interface IREnumMember {
  /** PascalCase identifier. Derived deterministically when the schema gives none. */
  readonly name: string;
  readonly value: string | number;
  readonly doc: Doc;
  /** Former names, emitted as deprecated aliases. */
  readonly aliases: readonly string[];
  /** Extra protocol-table columns from `x-members` rows. */
  readonly extra: Readonly<Record<string, unknown>>;
}

export type IRDeclarationBody =
  /** An object type becomes an interface; anything else a type alias. */
  | { readonly kind: 'type'; readonly type: IRType }
  /**
   * A multi-value `enum`. `named` is false when members had to be derived from values alone
   * (upstream numeric enums): emitters then emit only the union type and a values array.
   * `nullable`: always false from our resolver: an enum that lists `null` becomes the declaration
   * without it, and `union [ref, null]` where it is used.
   */
  | {
      readonly kind: 'enum';
      readonly base: 'string' | 'integer' | 'number';
      readonly members: readonly IREnumMember[];
      readonly named: boolean;
      readonly nullable: boolean;
      /** `true` when rows carry extra columns: emit an `XTable`. */
      readonly table: boolean;
    }
  /** `x-flags`: the field type is `number` (integer) or `string` (bigint-string). */
  | {
      readonly kind: 'flags';
      readonly base: 'integer' | 'bigint-string';
      readonly members: readonly IREnumMember[];
      readonly table: boolean;
    }
  /**
   * A `$ref` whose only structural sibling is `required`: the target with every field optional,
   * then the listed fields required. Emitted as `Partial<Base> & Required<Pick<Base, …>>`.
   */
  | { readonly kind: 'derived'; readonly base: string; readonly required: readonly string[] };

export interface IRDeclaration {
  readonly name: string;
  readonly source: SourceLocation;
  readonly doc: Doc;
  readonly body: IRDeclarationBody;
}

/** A gateway frame found through events/receive.json or events/send.json. */
export interface IRFrame {
  /** The frame's declaration name (e.g. `GatewayMessageCreateDispatch`). */
  readonly name: string;
  readonly direction: 'receive' | 'send';
  readonly op: number;
  /** The dispatch name for op 0, otherwise null. */
  readonly t: string | null;
  /** The type of `d`. */
  readonly data: IRType;
  /** A name for the type of `d` when it is a declaration (dispatch data), for the event map. */
  readonly dataName: string | null;
  /** The send command's name (e.g. `Identify`), from the frame name; null for receive frames. */
  readonly command: string | null;
}

export interface Diagnostic {
  readonly level: 'warning' | 'error';
  /** A stable machine-readable code such as `unknown-keyword`; `--strict` turns it into `CODEGEN_UNKNOWN_KEYWORD`. */
  readonly code: CodegenWarningCode;
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export interface IR {
  /** What the IR was built from, for generated file headers. */
  readonly source: {
    /** A display name for the schema root (e.g. `schemas/`). */
    readonly root: string;
    readonly files: readonly string[];
    /** Patches applied from the versioned patch list, by id. */
    readonly patches: readonly string[];
  };
  readonly declarations: readonly IRDeclaration[];
  readonly frames: readonly IRFrame[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A file an emitter produces, relative to the output folder. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}
