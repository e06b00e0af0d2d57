/**
 * Before resolution: apply the versioned patch list, check every keyword, and make every `$ref`
 * absolute. After this step a schema node can be moved anywhere (merged into another object, used
 * through a pointer) and still mean the same thing, because no reference depends on where it sits.
 */
import type { Diagnostic } from './ir.js';
import { CodegenError, CodegenErrors, joinPointer } from './errors.js';
import { isObject, type Json, type JsonObject, type SchemaFile } from './load.js';
import { patchSets, type PatchSet } from './patches/discord-docs-744131e.js';

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = ['additionalProperties', 'propertyNames', 'items', 'not'] as const;
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'] as const;
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', '$defs'] as const;

const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/** Annotations: they document a schema and never change what it accepts. */
export const ANNOTATION_KEYWORDS = new Set([
  '$comment',
  'title',
  'description',
  'deprecated',
  'examples',
  'default',
  'x-see',
  'x-members',
  'format',
]);

type KeywordCheck = (value: Json) => string | null;

const isString: KeywordCheck = (v) => (typeof v === 'string' ? null : 'must be a string');
const isNonNegativeInteger: KeywordCheck = (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : 'must be a non-negative integer';
const isNumber: KeywordCheck = (v) => (typeof v === 'number' ? null : 'must be a number');
const isSchema: KeywordCheck = (v) => (typeof v === 'boolean' || isObject(v) ? null : 'must be a schema (an object or a boolean)');
const isSchemaList: KeywordCheck = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((s) => isSchema(s) === null) ? null : 'must be a non-empty array of schemas';
const isSchemaMap: KeywordCheck = (v) =>
  isObject(v) && Object.values(v).every((s) => isSchema(s) === null) ? null : 'must be an object whose values are schemas';

/** Every keyword the dialect knows, with the shape its value must have. Anything else is an error. */
const KEYWORDS: Record<string, KeywordCheck> = {
  $id: isString,
  $schema: isString,
  $ref: isString,
  $defs: isSchemaMap,
  $comment: isString,
  title: (v) => (typeof v === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(v) ? null : 'must be a TypeScript identifier'),
  description: isString,
  deprecated: (v) => (typeof v === 'boolean' ? null : 'must be a boolean'),
  examples: (v) => (Array.isArray(v) ? null : 'must be an array'),
  default: () => null,
  format: isString,
  type: (v) => {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0) return 'must name at least one type';
    for (const t of list) if (typeof t !== 'string' || !JSON_TYPES.has(t)) return `names an unknown type ${JSON.stringify(t)}`;
    return new Set(list).size === list.length ? null : 'repeats a type';
  },
  enum: (v) => (Array.isArray(v) && v.length > 0 ? null : 'must be a non-empty array'),
  const: () => null,
  properties: isSchemaMap,
  required: (v) =>
    Array.isArray(v) && v.every((k) => typeof k === 'string') && new Set(v).size === v.length
      ? null
      : 'must be an array of distinct strings',
  additionalProperties: isSchema,
  propertyNames: isSchema,
  items: isSchema,
  prefixItems: isSchemaList,
  minItems: isNonNegativeInteger,
  maxItems: isNonNegativeInteger,
  minLength: isNonNegativeInteger,
  maxLength: isNonNegativeInteger,
  pattern: (v) => {
    if (typeof v !== 'string') return 'must be a string';
    try {
      new RegExp(v, 'u');
      return null;
    } catch {
      return 'is not a valid regular expression';
    }
  },
  minimum: isNumber,
  maximum: isNumber,
  allOf: isSchemaList,
  anyOf: isSchemaList,
  oneOf: isSchemaList,
  not: isSchema,
  'x-flags': (v) =>
    isObject(v) && Object.keys(v).length > 0 && Object.values(v).every((f) => typeof f === 'number' || (typeof f === 'string' && /^\d+$/.test(f)))
      ? null
      : 'must map flag names to integers or decimal strings',
  'x-see': isString,
  'x-members': (v) =>
    Array.isArray(v) &&
    v.every((row) => isObject(row) && typeof row['name'] === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(row['name']) && 'value' in row)
      ? null
      : 'must be an array of rows with an identifier `name` and a `value`',
};

export interface PreparedSchemas {
  readonly files: readonly SchemaFile[];
  readonly diagnostics: Diagnostic[];
  /** Ids of the patches that were applied. */
  readonly patches: string[];
}

export interface PrepareOptions {
  /** Apply the known patch lists for upstream snapshots (default true). */
  readonly patches?: boolean;
}

function getAt(root: Json, pointer: string): { parent: JsonObject | Json[]; key: string } | null {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Json = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (Array.isArray(node)) node = node[Number(part)] as Json;
    else if (isObject(node)) node = node[part] as Json;
    else return null;
    if (node === undefined) return null;
  }
  if (!isObject(node) && !Array.isArray(node)) return null;
  return { parent: node, key: parts[parts.length - 1]! };
}

function applyPatchSet(set: PatchSet, files: SchemaFile[], diagnostics: Diagnostic[], applied: string[]): void {
  const byPath = new Map(files.map((f) => [new URL(f.id).pathname, f]));
  for (const patch of set.patches) {
    const file = byPath.get(patch.file);
    if (!file) continue;
    const at = getAt(file.root, patch.pointer);
    const current = at ? (at.parent as Record<string, Json>)[at.key] : undefined;
    if (!at || JSON.stringify(current) !== JSON.stringify(patch.expect)) {
      diagnostics.push({
        level: 'warning',
        code: 'patch-stale',
        file: file.file,
        pointer: patch.pointer,
        message: `patch ${set.name}@${set.version}/${patch.id} no longer matches upstream; not applied`,
      });
      continue;
    }
    (at.parent as Record<string, Json>)[at.key] = structuredClone(patch.value);
    applied.push(`${set.name}@${set.version}/${patch.id}`);
    diagnostics.push({
      level: 'warning',
      code: 'upstream-bug-patched',
      file: file.file,
      pointer: patch.pointer,
      message: `${patch.reason} Patched by ${set.name}@${set.version}/${patch.id}.`,
    });
  }
  for (const issue of set.knownIssues) {
    const file = byPath.get(issue.file);
    if (!file) continue;
    diagnostics.push({ level: 'warning', code: 'upstream-bug-known', file: file.file, pointer: issue.pointer, message: issue.message });
  }
}

/**
 * Deepest JSON nesting (objects and arrays) a schema file may have: one `anyOf` level is two, and
 * the deepest real schema is a few dozen. Every stage after this one recurses over the nesting.
 */
export const MAX_SCHEMA_NESTING = 1000;

/** `CODEGEN_TOO_DEEP` at the first node past MAX_SCHEMA_NESTING, found without recursing. */
function nestingError(file: SchemaFile): CodegenError | null {
  const stack: { node: Json; pointer: string; depth: number }[] = [{ node: file.root, pointer: '', depth: 1 }];
  while (stack.length > 0) {
    const { node, pointer, depth } = stack.pop()!;
    if (depth > MAX_SCHEMA_NESTING) {
      return new CodegenError('CODEGEN_TOO_DEEP', file.file, pointer, `the schema is nested more than ${MAX_SCHEMA_NESTING} levels deep here`);
    }
    if (Array.isArray(node)) node.forEach((child, i) => stack.push({ node: child, pointer: joinPointer(pointer, i), depth: depth + 1 }));
    else if (isObject(node)) for (const [key, child] of Object.entries(node)) stack.push({ node: child, pointer: joinPointer(pointer, key), depth: depth + 1 });
  }
  return null;
}

/**
 * Applies patches, checks every keyword and makes `$ref`s absolute. Returns copies; the loaded
 * files are not changed. Every problem is collected and thrown together as `CodegenErrors`.
 */
export function prepareSchemas(loaded: readonly SchemaFile[], options: PrepareOptions = {}): PreparedSchemas {
  // Checked before anything recurses (structuredClone included): a schema nested thousands deep
  // would end in a RangeError that names no file.
  const tooDeep = loaded.map(nestingError).filter((e): e is CodegenError => e !== null);
  if (tooDeep.length > 0) throw new CodegenErrors(tooDeep);
  const files: SchemaFile[] = loaded.map((f) => ({ ...f, root: structuredClone(f.root) }));
  const diagnostics: Diagnostic[] = [];
  const applied: string[] = [];
  if (options.patches !== false) {
    for (const set of patchSets) {
      const matching = files.filter((f) => new URL(f.id).origin === set.origin);
      if (matching.length > 0) applyPatchSet(set, matching, diagnostics, applied);
    }
  }

  const errors: CodegenError[] = [];
  for (const file of files) {
    const walk = (node: Json, pointer: string, isRoot: boolean): void => {
      if (typeof node === 'boolean') return;
      if (!isObject(node)) {
        errors.push(new CodegenError('CODEGEN_BAD_SCHEMA', file.file, pointer, 'a schema must be an object or a boolean'));
        return;
      }
      for (const [key, value] of Object.entries(node)) {
        const check = KEYWORDS[key];
        if (!check) {
          errors.push(new CodegenError('CODEGEN_UNKNOWN_KEYWORD', file.file, joinPointer(pointer, key), `unknown keyword \`${key}\``));
          continue;
        }
        const problem = check(value);
        if (problem) {
          errors.push(new CodegenError('CODEGEN_BAD_KEYWORD', file.file, joinPointer(pointer, key), `\`${key}\` ${problem}`));
          continue;
        }
        if ((key === '$id' || key === '$schema') && !isRoot) {
          errors.push(new CodegenError('CODEGEN_NESTED_ID', file.file, joinPointer(pointer, key), `\`${key}\` is only allowed at the root of a file`));
        }
      }
      if (typeof node['$ref'] === 'string') {
        try {
          node['$ref'] = new URL(node['$ref'], file.id).href;
        } catch {
          errors.push(new CodegenError('CODEGEN_BAD_REF', file.file, joinPointer(pointer, '$ref'), `cannot resolve ${JSON.stringify(node['$ref'])}`));
        }
      }
      for (const key of SCHEMA_KEYWORDS) {
        const sub = node[key];
        if (sub !== undefined && isSchema(sub) === null) walk(sub, joinPointer(pointer, key), false);
      }
      for (const key of SCHEMA_LIST_KEYWORDS) {
        const list = node[key];
        if (Array.isArray(list)) list.forEach((sub, i) => walk(sub, joinPointer(pointer, key, i), false));
      }
      for (const key of SCHEMA_MAP_KEYWORDS) {
        const map = node[key];
        if (isObject(map)) for (const [name, sub] of Object.entries(map)) walk(sub, joinPointer(pointer, key, name), false);
      }
    };
    walk(file.root, '', true);
  }
  if (errors.length > 0) throw new CodegenErrors(errors);
  return { files, diagnostics, patches: applied };
}
