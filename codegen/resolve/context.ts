/**
 * What every resolver stage shares: where a schema node sits (`Ctx`), and the state of one run (the
 * files by `$id`, the declarations made so far, the warnings and errors collected).
 */
import type { Diagnostic, IRDeclaration } from '../ir.js';
import { CodegenError, type CodegenSchemaErrorCode, type CodegenWarningCode } from '../errors.js';
import type { Json, SchemaFile } from '../load.js';

/** Where a node sits: identity for declarations, file + pointer for messages, and a name if it needs one. */
export interface Ctx {
  /** Absolute URI of the node (`$id#pointer`), or a synthetic key for merged nodes. */
  readonly key: string;
  readonly file: string;
  readonly pointer: string;
  /** The name this node gets if it becomes a declaration. */
  readonly hint: string;
}

/** A schema node and where it sits. */
export interface Src {
  readonly node: Json;
  readonly ctx: Ctx;
}

/** A place a message can name: a file and a JSON pointer into it. */
export type Place = Pick<Ctx, 'file' | 'pointer'>;

/** The state of one resolver run, read and written by every stage. */
export class ResolveState {
  readonly byBase = new Map<string, SchemaFile>();
  readonly declarations = new Map<string, IRDeclaration>();
  /** Declaration name by node key. */
  readonly nameByKey = new Map<string, string>();
  /** Node key by declaration name. */
  readonly keyByName = new Map<string, string>();
  /** Declarations whose body is being built (for cycles through `allOf`). */
  readonly building = new Set<string>();
  /**
   * The `$ref`s followed since the last schema that is not itself a `$ref`, by target key, with
   * where each was written: a target met twice in this chain is an alias cycle (`a` → `a`, or
   * A → B → A across files), which describes no value and would otherwise recurse forever.
   */
  aliasChain = new Map<string, Ctx>();
  readonly diagnostics: Diagnostic[] = [];
  readonly errors: CodegenError[] = [];

  constructor(readonly files: readonly SchemaFile[]) {
    for (const f of files) this.byBase.set(f.id, f);
  }

  /** Stops resolving this declaration with an error naming the place. */
  fail(code: CodegenSchemaErrorCode, at: Place, message: string): never {
    throw new CodegenError(code, at.file, at.pointer, message);
  }

  /** Records a warning, once per code and place. */
  warn(code: CodegenWarningCode, at: Place, message: string): void {
    if (this.diagnostics.some((d) => d.code === code && d.file === at.file && d.pointer === at.pointer)) return;
    this.diagnostics.push({ level: 'warning', code, file: at.file, pointer: at.pointer, message });
  }

  /** `objects/user.json#/properties/x` for a node key (`https://…/user.json#/properties/x`). */
  where(key: string): string {
    const hash = key.indexOf('#');
    const file = hash < 0 ? undefined : this.byBase.get(key.slice(0, hash));
    return file ? `${file.file}${key.slice(hash + 1) ? key.slice(hash) : ''}` : key;
  }
}
