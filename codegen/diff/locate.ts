/**
 * Where a change sits in the schema files: the declaration's own file and pointer, followed down the
 * raw JSON along the change's path (through `properties`, `items`, `prefixItems`,
 * `additionalProperties`, and into `allOf`/`oneOf`/`anyOf` branches that hold the property). The IR
 * does not keep a pointer for every node, and the walk stops at the deepest place it can follow, so
 * a pointer always names a real node, at worst the declaration holding the change.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IRDeclaration } from '../ir.js';
import { joinPointer, pointerSegments } from '../json-pointer.js';
import { isObject, type Json } from '../load.js';
import type { Step } from './compare.js';
import type { DiffLocation } from './model.js';

/** The schema files as they are on disk (file relative to the root → parsed JSON), for pointers into them. */
export type RawSchemaFiles = ReadonlyMap<string, unknown>;

/**
 * Reads the files the IR was built from. Read here rather than through the loader so the pointers
 * are into the files as written, whatever spellings the loader normalises; a file that cannot be
 * read or parsed is left out (its changes then point at the declaration).
 */
export async function readRawSchemaFiles(dir: string, files: readonly string[]): Promise<RawSchemaFiles> {
  const entries = await Promise.all(
    files.map(async (file): Promise<[string, unknown] | null> => {
      try {
        return [file, JSON.parse(await readFile(path.join(dir, file), 'utf8')) as unknown];
      } catch {
        return null;
      }
    }),
  );
  return new Map(entries.filter((e): e is [string, unknown] => e !== null));
}

function nodeAt(root: Json, pointer: string): Json | undefined {
  if (pointer === '' || pointer === '#') return root;
  let node: Json | undefined = root;
  for (const key of pointerSegments(pointer.replace(/^#/, ''))) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

const seg = (k: string | number): string => joinPointer('', k);

/** Finds `properties/<name>` at `node` or in one of its composition branches. */
function findProperty(node: Json, pointer: string, name: string, depth = 0): { node: Json; pointer: string } | null {
  if (!isObject(node) || depth > 6) return null;
  const props = node['properties'];
  if (isObject(props) && props[name] !== undefined) return { node: props[name]!, pointer: pointer + seg('properties') + seg(name) };
  for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const found = findProperty(list[i]!, pointer + seg(keyword) + seg(i), name, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

export class SourceLocator {
  constructor(private readonly files: RawSchemaFiles | null) {}

  locate(decl: IRDeclaration, steps: readonly Step[], which: 'old' | 'new'): DiffLocation {
    const file = decl.source.file;
    let pointer = decl.source.pointer;
    const root = this.files?.get(file) as Json | undefined;
    if (root === undefined) return { file, pointer: pointer + steps.map((s) => (s.k === 'prop' ? seg('properties') + seg(s.name) : '')).join('') };
    let node = nodeAt(root, pointer);
    for (const step of steps) {
      if (node === undefined) break;
      let next: { node: Json; pointer: string } | null = null;
      if (step.k === 'prop') next = findProperty(node, pointer, step.name);
      else if (isObject(node)) {
        const pick = (keyword: string, index?: number): { node: Json; pointer: string } | null => {
          const v = node && isObject(node) ? node[keyword] : undefined;
          if (index === undefined) return v !== undefined && typeof v !== 'boolean' ? { node: v, pointer: pointer + seg(keyword) } : null;
          return Array.isArray(v) && v[index] !== undefined ? { node: v[index]!, pointer: pointer + seg(keyword) + seg(index) } : null;
        };
        if (step.k === 'items') next = pick('items');
        else if (step.k === 'values') next = pick('additionalProperties');
        else if (step.k === 'tuple') next = pick('prefixItems', step.i);
        else if (step.k === 'variant') next = pick('oneOf', step[which]) ?? pick('anyOf', step[which]);
        else if (step.k === 'member') next = pick('allOf', step[which]);
      }
      if (!next) {
        if (step.k === 'variant' || step.k === 'member') continue; // the branch may have been merged away
        break;
      }
      node = next.node;
      pointer = next.pointer;
    }
    return { file, pointer };
  }
}
