/** How the description walks (collect, strip, shape-check) read a value: what is an object, and its properties. */
import { PROTO_NAME } from './description.js';

export type Obj = Record<string, unknown>;

/** An object with keys to walk: not null, not an array. */
export function isPlainObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Property `name` of `x`; for names Object.prototype has (`flags` has PROTO_NAME), own properties only. */
export function readProperty(x: Obj, name: string, flags: number): unknown {
  return flags & PROTO_NAME ? (Object.prototype.hasOwnProperty.call(x, name) ? x[name] : undefined) : x[name];
}

export function hasProperty(x: Obj, name: string, flags: number): boolean {
  return flags & PROTO_NAME ? Object.prototype.hasOwnProperty.call(x, name) : name in x;
}

/** The flags a tag key is read with (a union's switch key or selector). */
export function keyFlags(key: string): number {
  return key in Object.prototype ? PROTO_NAME : 0;
}
