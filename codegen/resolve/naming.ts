/**
 * Which schema nodes become declarations and what they are called: a file root's name, the name a
 * pointer step adds (`User` + `premium_type` → `UserPremiumType`), following a `$ref` to the node
 * and the name its position gets, and declaring a node once under a name no other node holds.
 */
import type { IRDeclarationBody, IRType } from '../ir.js';
import { joinPointer, pointerSegments } from '../json-pointer.js';
import { isObject, type Json, type JsonObject, type SchemaFile } from '../load.js';
import { pascalCase } from '../names.js';
import type { Ctx, ResolveState, Src } from './context.js';
import { docOf, looksLikeObject } from './schema-node.js';

/** The name of a file's root declaration. */
export function rootName(file: SchemaFile): string {
  const path = new URL(file.id).pathname;
  if (path.endsWith('/events/receive.json')) return 'GatewayReceivePayload';
  if (path.endsWith('/events/send.json')) return 'GatewaySendPayload';
  const title = file.root['title'];
  if (typeof title === 'string') return title;
  const base = path.split('/').pop()!.replace(/\.json$/, '');
  return pascalCase(base);
}

/** The context of a file's root. */
export function rootCtx(file: SchemaFile): Ctx {
  return { key: `${file.id}#`, file: file.file, pointer: '', hint: rootName(file) };
}

/** Name segment a pointer step contributes (`properties` adds nothing, `d` reads as `Data`). */
function segmentName(parentKeyword: string | null, segment: string): string {
  if (parentKeyword === 'properties') return segment === 'd' ? 'Data' : pascalCase(segment);
  if (parentKeyword === '$defs') return pascalCase(segment);
  if (parentKeyword === 'prefixItems') return `Item${segment}`;
  if (parentKeyword === 'allOf' || parentKeyword === 'anyOf' || parentKeyword === 'oneOf') return `Variant${segment}`;
  return '';
}

/** The context of a child node (`keyword` or `keyword/segment` below `parent`), named from the parent unless `hintOverride`. */
export function childCtx(parent: Ctx, keyword: string, segment?: string | number, hintOverride?: string): Ctx {
  const pointer = segment === undefined ? joinPointer(parent.pointer, keyword) : joinPointer(parent.pointer, keyword, segment);
  const key = segment === undefined ? joinPointer(parent.key, keyword) : joinPointer(parent.key, keyword, segment);
  let hint = hintOverride;
  if (hint === undefined) {
    if (segment === undefined) {
      hint = parent.hint + (keyword === 'items' ? 'Item' : keyword === 'additionalProperties' ? 'Value' : keyword === 'propertyNames' ? 'Key' : '');
    } else {
      hint = parent.hint + segmentName(keyword, String(segment));
    }
  }
  return { key, file: parent.file, pointer, hint };
}

/** Resolves an absolute `$ref` to its node and a context with the name that position gets. */
export function deref(state: ResolveState, ref: string, from: Ctx): Src {
  const hash = ref.indexOf('#');
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : decodeURIComponent(ref.slice(hash + 1));
  const file = state.byBase.get(base);
  if (!file) state.fail('CODEGEN_BROKEN_REF', from, `\`$ref\` ${ref} names no schema file (no file has that \`$id\`)`);
  if (fragment !== '' && !fragment.startsWith('/')) state.fail('CODEGEN_BROKEN_REF', from, `\`$ref\` ${ref}: only JSON-pointer fragments are supported`);
  let node: Json = file.root;
  let ctx: Ctx = rootCtx(file);
  const parts = pointerSegments(fragment);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const container: Json = node;
    let next: Json | undefined;
    if (Array.isArray(container)) next = container[Number(part)];
    else if (isObject(container)) next = container[part];
    if (next === undefined) state.fail('CODEGEN_BROKEN_REF', from, `\`$ref\` ${ref}: nothing at ${fragment} in ${file.file}`);
    const prevKeyword = i > 0 ? parts[i - 1]! : null;
    const isSchemaStep = prevKeyword === 'properties' || prevKeyword === '$defs' || ['items', 'additionalProperties', 'propertyNames', 'not'].includes(part) || ['prefixItems', 'allOf', 'anyOf', 'oneOf'].includes(prevKeyword ?? '');
    const pointer = joinPointer(ctx.pointer, part);
    let hint = ctx.hint;
    if (isSchemaStep) {
      if (['items', 'additionalProperties', 'propertyNames', 'not'].includes(part) && prevKeyword !== 'properties' && prevKeyword !== '$defs') {
        hint += part === 'items' ? 'Item' : part === 'additionalProperties' ? 'Value' : part === 'propertyNames' ? 'Key' : '';
      } else {
        hint += prevKeyword === '$defs' && i === 1 ? '' : segmentName(prevKeyword, part);
        if (prevKeyword === '$defs' && i === 1) hint = rootName(file) + pascalCase(part);
      }
    }
    if (isObject(next) && typeof next['title'] === 'string') hint = next['title'];
    ctx = { key: `${file.id}#${pointer}`, file: file.file, pointer, hint };
    node = next;
  }
  return { node, ctx };
}

/** Whether a node at this position becomes a declaration when referenced or met. */
export function isDeclarationPosition(node: Json, ctx: Ctx, viaRef: boolean): boolean {
  if (!isObject(node)) return false;
  if (ctx.pointer === '' || /^\/\$defs\/[^/]+$/.test(ctx.pointer)) return true;
  if (typeof node['title'] === 'string') return true;
  if ('x-flags' in node) return true;
  if (Array.isArray(node['enum']) && node['enum'].filter((v) => v !== null).length > 1) return true;
  if ('$ref' in node || !looksLikeObject(node)) return false;
  // Objects and unions get names when they sit at a property (or are referenced by pointer);
  // inline union branches stay anonymous.
  const last = ctx.pointer.split('/').slice(-2);
  return viaRef || last[0] === 'properties' || last[last.length - 1] === 'items' || last[last.length - 1] === 'additionalProperties';
}

function uniqueName(state: ResolveState, wanted: string, key: string, ctx: Ctx): string {
  const owner = state.keyByName.get(wanted);
  if (owner === undefined || owner === key) return wanted;
  // Two schemas, one name: never two declarations (or one renamed behind the user's back).
  state.fail('CODEGEN_NAME_CONFLICT', ctx, `would be named ${wanted}, which ${state.where(owner)} is already named; give one of them a distinct \`title\``);
}

/** Declares the node at `ctx` (once) and returns a reference to it. */
export function declare(state: ResolveState, node: JsonObject, ctx: Ctx, build: (name: string) => IRDeclarationBody): IRType {
  const existing = state.nameByKey.get(ctx.key);
  if (existing !== undefined) return { kind: 'ref', name: existing };
  const title = node['title'];
  if (typeof title === 'string') {
    const owner = state.keyByName.get(title);
    if (owner !== undefined && owner !== ctx.key) state.fail('CODEGEN_DUPLICATE_TITLE', ctx, `title ${title} is already used at ${state.where(owner)}`);
  }
  const name = uniqueName(state, typeof title === 'string' ? title : ctx.hint, ctx.key, ctx);
  state.nameByKey.set(ctx.key, name);
  state.keyByName.set(name, ctx.key);
  state.building.add(name);
  try {
    const body = build(name);
    state.declarations.set(name, { name, source: { file: ctx.file, pointer: ctx.pointer }, doc: docOf(node), body });
  } finally {
    state.building.delete(name);
  }
  return { kind: 'ref', name };
}
