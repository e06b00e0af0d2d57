import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CodegenError, CodegenErrors } from './errors.js';

/** A JSON value as parsed from a schema file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One schema file, parsed, with its `$id` and the path it was read from. */
export interface SchemaFile {
  /** Path relative to the schema root, with forward slashes (`objects/user.json`). */
  readonly file: string;
  /** The file's `$id`, an absolute URL (the base every `$ref` in it resolves against). */
  readonly id: string;
  readonly root: JsonObject;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lists every `*.json` file below `dir`, sorted, so that loading order never depends on the file system. */
async function listJsonFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listJsonFiles(dir, rel)));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(rel);
  }
  return out;
}

/** Files below the schema root that hold data for tooling, not schemas. */
const NOT_SCHEMAS = new Set(['drift.json', 'package.json']);

/**
 * Reads every schema below `dir`. A file that is not JSON, has no `$id`, or repeats another file's
 * `$id` is an error naming the file; all such errors are reported together.
 */
export async function loadSchemas(dir: string): Promise<SchemaFile[]> {
  let files: string[];
  try {
    files = await listJsonFiles(dir);
  } catch (cause) {
    throw new CodegenError('CODEGEN_NO_SCHEMAS', dir, '', `cannot read the schema folder`, { cause });
  }
  const errors: CodegenError[] = [];
  const out: SchemaFile[] = [];
  const byId = new Map<string, string>();
  for (const file of files) {
    if (NOT_SCHEMAS.has(path.posix.basename(file)) && !file.includes('/')) continue;
    const text = await readFile(path.join(dir, file), 'utf8');
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch (cause) {
      errors.push(new CodegenError('CODEGEN_BAD_JSON', file, '', `not valid JSON: ${(cause as Error).message}`));
      continue;
    }
    if (!isObject(root)) {
      errors.push(new CodegenError('CODEGEN_BAD_SCHEMA', file, '', 'a schema file must hold a JSON object'));
      continue;
    }
    const id = root['$id'];
    if (typeof id !== 'string') {
      errors.push(new CodegenError('CODEGEN_NO_ID', file, '/$id', 'every schema file needs a string `$id`'));
      continue;
    }
    let absolute: string;
    try {
      absolute = new URL(id).href;
    } catch {
      errors.push(new CodegenError('CODEGEN_BAD_ID', file, '/$id', `\`$id\` must be an absolute URL, got ${JSON.stringify(id)}`));
      continue;
    }
    const previous = byId.get(absolute);
    if (previous !== undefined) {
      errors.push(new CodegenError('CODEGEN_DUPLICATE_ID', file, '/$id', `\`$id\` ${absolute} is already used by ${previous}`));
      continue;
    }
    byId.set(absolute, file);
    out.push({ file, id: absolute, root });
  }
  if (files.length === 0) {
    throw new CodegenError('CODEGEN_NO_SCHEMAS', dir, '', 'the schema folder holds no .json files');
  }
  if (errors.length > 0) throw new CodegenErrors(errors);
  return out;
}
