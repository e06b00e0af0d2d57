/**
 * The comparison itself: walks two IRs side by side and records every change with where it is.
 *
 * Declarations are paired by name, then by content (a declaration whose body is the same under
 * another name is a rename). A reference on both sides to paired declarations is not descended:
 * that pair is compared once, as a declaration. A reference to a declaration that exists in only one
 * version on each side (upstream `User` against our `APIUser`) is compared structurally, once per
 * pair, so two schema sets that name things differently are still compared field by field.
 */
import type { IRDeclaration, IREnumMember, IRFrame, IRType } from '../ir.js';
import { propertyLiteral } from '../ir-query.js';
import { joinPointer } from '../json-pointer.js';
import type { ChangeKind, DiffSubject } from './model.js';
import { TypeRelation, type Relation } from './relate.js';
import { declarationType, eventKey, frameBaseName, typeText, type DiffSideIndex, type ObjectView } from './side.js';

/** One step from a value into a part of it; union and intersection steps say which member on each side. */
export type Step =
  | { readonly k: 'prop'; readonly name: string }
  | { readonly k: 'items' }
  | { readonly k: 'values' }
  | { readonly k: 'tuple'; readonly i: number }
  | { readonly k: 'variant'; readonly old: number; readonly new: number; readonly label: string }
  | { readonly k: 'member'; readonly old: number; readonly new: number };

/** A change before classification: what, where, and the types on each side for the example search. */
export interface RawChange {
  readonly kind: ChangeKind;
  readonly subject: DiffSubject;
  readonly steps: readonly Step[];
  /** The declaration each side's steps start from (for a frame, the frame's declaration). */
  readonly oldRoot: string | null;
  readonly newRoot: string | null;
  readonly summary: string;
  readonly detail: Record<string, unknown>;
  /** The types at the changed place, when the place exists on that side. */
  readonly oldLeaf?: IRType;
  readonly newLeaf?: IRType;
  /** Values worth trying as example payloads at that place (an added enum value, …). */
  readonly probes?: readonly unknown[];
  readonly relation?: Relation;
  /** The TypeScript rendering of the type is the same on both sides: only validation differs. */
  readonly typesSame?: boolean;
}

interface Where {
  readonly subject: DiffSubject;
  readonly steps: readonly Step[];
  readonly oldRoot: string | null;
  readonly newRoot: string | null;
}

/** `event GUILD_CREATE`, or `receive frame HeartbeatAck (op 11)` for frames that are not dispatches. */
function frameText(f: IRFrame): string {
  return f.t !== null ? `event ${f.t}` : `${f.direction} frame ${frameBaseName(f)} (op ${f.op})`;
}

export function pathText(steps: readonly Step[]): string {
  let out = '';
  for (const s of steps) {
    if (s.k === 'prop') out += joinPointer('', s.name);
    else if (s.k === 'items' || s.k === 'values') out += '/*';
    else if (s.k === 'tuple') out += `/${s.i}`;
  }
  return out;
}

/** Where a change sits, for its summary: the field path plus the union variants passed through. */
function placeText(steps: readonly Step[]): string {
  const path = pathText(steps);
  const variants = steps.filter((s): s is Extract<Step, { k: 'variant' }> => s.k === 'variant').map((s) => s.label);
  return `${path === '' ? '' : '`' + path.slice(1) + '`'}${variants.length > 0 ? ` (in ${variants.join(', ')})` : ''}`;
}

function splitNull(type: IRType): { nullable: boolean; rest: IRType | null } {
  if (type.kind !== 'union' || !type.members.some((m) => m.kind === 'null' || (m.kind === 'literal' && m.value === null))) {
    return { nullable: false, rest: type };
  }
  const members = type.members.filter((m) => !(m.kind === 'null' || (m.kind === 'literal' && m.value === null)));
  if (members.length === 0) return { nullable: true, rest: null };
  if (members.length === 1) return { nullable: true, rest: members[0]! };
  return { nullable: true, rest: { kind: 'union', members, ...(type.discriminator ? { discriminator: type.discriminator } : {}) } };
}

type TableKind = 'intents' | 'close-codes' | 'opcodes' | 'table';

function tableKind(members: readonly IREnumMember[]): TableKind {
  const columns = new Set(members.flatMap((m) => Object.keys(m.extra)));
  if (columns.has('events')) return 'intents';
  if (columns.has('action')) return 'close-codes';
  if (columns.has('direction')) return 'opcodes';
  return 'table';
}

function columnKind(table: TableKind, column: string): ChangeKind {
  if (column === 'events' || column === 'widens') return 'intent-events-changed';
  if (table === 'close-codes' && (column === 'action' || column === 'reconnect')) return 'close-code-action-changed';
  if (table === 'opcodes' && (column === 'direction' || column === 'command' || column === 'binary')) return 'opcode-changed';
  return 'table-changed';
}

export class SchemaComparer {
  readonly changes: RawChange[] = [];
  /** Old declaration name → new name, for every pair known to be the same declaration. */
  readonly same = new Map<string, string>();
  private readonly sameInverse = new Map<string, string>();
  private readonly descended = new Set<string>();
  private relation!: TypeRelation;

  constructor(
    readonly a: DiffSideIndex,
    readonly b: DiffSideIndex,
  ) {}

  run(): RawChange[] {
    this.pairDeclarations();
    this.relation = new TypeRelation(this.a, this.b, this.same);
    for (const [oldName, newName] of [...this.same].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      const o = this.a.decls.get(oldName)!;
      const n = this.b.decls.get(newName)!;
      if (oldName !== newName) {
        this.push({ subject: { kind: 'declaration', old: oldName, new: newName }, steps: [], oldRoot: oldName, newRoot: newName }, 'declaration-renamed', `declaration \`${oldName}\` renamed to \`${newName}\` (same content)`, { from: oldName, to: newName });
      }
      if (this.isFrameUnion(this.a, o) && this.isFrameUnion(this.b, n)) continue;
      this.compareDeclarations(o, n);
    }
    for (const d of this.a.ir.declarations) {
      if (!this.same.has(d.name)) this.push({ subject: { kind: 'declaration', old: d.name, new: null }, steps: [], oldRoot: d.name, newRoot: null }, 'declaration-removed', `declaration \`${d.name}\` removed`, { name: d.name });
    }
    for (const d of this.b.ir.declarations) {
      if (!this.sameInverse.has(d.name)) this.push({ subject: { kind: 'declaration', old: null, new: d.name }, steps: [], oldRoot: null, newRoot: d.name }, 'declaration-added', `declaration \`${d.name}\` added`, { name: d.name });
    }
    this.compareFrames();
    return this.changes;
  }

  /**
   * `events/receive.json` and `events/send.json`: a union of every frame. Frames added or removed
   * there are reported once, as events, not also as variants of the union.
   */
  private isFrameUnion(side: DiffSideIndex, decl: IRDeclaration): boolean {
    if (decl.body.kind !== 'type' || decl.body.type.kind !== 'union') return false;
    const frames = new Set(side.ir.frames.map((f) => f.name));
    return decl.body.type.members.every((m) => m.kind === 'ref' && frames.has(m.name));
  }

  private pair(oldName: string, newName: string): void {
    this.same.set(oldName, newName);
    this.sameInverse.set(newName, oldName);
  }

  /** Same name first; then same content under another name, repeated while new pairs let more content match. */
  private pairDeclarations(): void {
    for (const d of this.a.ir.declarations) if (this.b.decls.has(d.name)) this.pair(d.name, d.name);
    for (let round = 0; round < 8; round++) {
      const oldByKey = new Map<string, string[]>();
      const newByKey = new Map<string, string[]>();
      for (const d of this.a.ir.declarations) {
        if (this.same.has(d.name)) continue;
        const key = this.bodyKey(d, true);
        oldByKey.set(key, [...(oldByKey.get(key) ?? []), d.name]);
      }
      for (const d of this.b.ir.declarations) {
        if (this.sameInverse.has(d.name)) continue;
        const key = this.bodyKey(d, false);
        newByKey.set(key, [...(newByKey.get(key) ?? []), d.name]);
      }
      let added = 0;
      for (const [key, olds] of oldByKey) {
        const news = newByKey.get(key);
        if (olds.length === 1 && news?.length === 1) {
          this.pair(olds[0]!, news[0]!);
          added++;
        }
      }
      if (added === 0) break;
    }
  }

  /** A declaration's content without documentation, with old references spelled as their new names. */
  private bodyKey(decl: IRDeclaration, old: boolean): string {
    const body = decl.body;
    const strip = (m: IREnumMember) => ({ n: m.name, v: m.value, a: m.aliases, x: m.extra });
    const value =
      body.kind === 'enum' || body.kind === 'flags'
        ? { ...body, members: body.members.map(strip) }
        : body.kind === 'derived'
          ? { ...body, base: old ? (this.same.get(body.base) ?? `?${body.base}`) : body.base }
          : body;
    return this.comparableJson(value, old);
  }

  private typeKey(type: IRType, old: boolean): string {
    return this.comparableJson(type, old);
  }

  /** JSON without docs; on the old side every reference is spelt with the new side's name for it. */
  private comparableJson(value: unknown, old: boolean): string {
    return JSON.stringify(value, (k, v: unknown) => {
      if (k === 'doc') return undefined;
      if (old && v && typeof v === 'object' && (v as { kind?: string }).kind === 'ref') {
        const name = (v as { name: string }).name;
        return { kind: 'ref', name: this.same.get(name) ?? `?${name}` };
      }
      return v;
    });
  }

  private push(where: Where, kind: ChangeKind, summary: string, detail: Record<string, unknown>, extra: Partial<RawChange> = {}): void {
    this.changes.push({ kind, subject: where.subject, steps: where.steps, oldRoot: where.oldRoot, newRoot: where.newRoot, summary, detail, ...extra });
  }

  private at(where: Where, step: Step): Where {
    return { ...where, steps: [...where.steps, step] };
  }

  compareDeclarations(o: IRDeclaration, n: IRDeclaration): void {
    const where: Where = { subject: { kind: 'declaration', old: o.name, new: n.name }, steps: [], oldRoot: o.name, newRoot: n.name };
    const ob = o.body;
    const nb = n.body;
    if ((ob.kind === 'enum' || ob.kind === 'flags') && ob.kind === nb.kind) {
      if (ob.base !== (nb as typeof ob).base) {
        this.typeChanged(where, declarationType(this.a, o), declarationType(this.b, n), `base type of \`${n.name}\``);
      }
      this.compareMembers(where, ob.kind, ob.members, (nb as typeof ob).members, ob.kind === 'enum' ? ob.named : true);
      return;
    }
    if (ob.kind === 'derived' && nb.kind === 'derived' && this.same.get(ob.base) === nb.base) {
      const oldRequired = new Set(ob.required);
      const newRequired = new Set(nb.required);
      for (const name of [...new Set([...ob.required, ...nb.required])].sort()) {
        if (oldRequired.has(name) === newRequired.has(name)) continue;
        const w = this.at(where, { k: 'prop', name });
        const field = this.b.objectView({ kind: 'ref', name: n.name })?.properties.find((p) => p.name === name);
        const leaf = field?.type;
        if (newRequired.has(name)) this.push(w, 'field-required', `field \`${name}\` is now required`, { field: name }, leaf ? { oldLeaf: leaf, newLeaf: leaf } : {});
        else this.push(w, 'field-optional', `field \`${name}\` is now optional`, { field: name }, leaf ? { oldLeaf: leaf, newLeaf: leaf } : {});
      }
      return;
    }
    this.compareType(where, declarationType(this.a, o), declarationType(this.b, n));
  }

  private compareMembers(where: Where, body: 'enum' | 'flags', olds: readonly IREnumMember[], news: readonly IREnumMember[], named: boolean): void {
    const word = body === 'flags' ? 'flag' : 'member';
    const table = tableKind([...olds, ...news]);
    const oldByValue = new Map(olds.map((m) => [m.value, m]));
    const newByValue = new Map(news.map((m) => [m.value, m]));
    const oldByName = new Map(olds.map((m) => [m.name, m]));
    const newByName = new Map(news.map((m) => [m.name, m]));
    const hasTable = olds.concat(news).some((m) => Object.keys(m.extra).length > 0);
    const base = hasTable ? { body, table } : { body };
    for (const m of olds) {
      if (newByValue.has(m.value)) continue;
      const moved = named ? newByName.get(m.name) : undefined;
      if (moved && !oldByValue.has(moved.value)) {
        this.push(where, 'member-renumbered', `${word} \`${m.name}\` renumbered from ${JSON.stringify(m.value)} to ${JSON.stringify(moved.value)}`, { ...base, member: m.name, from: m.value, to: moved.value }, { probes: [m.value, moved.value] });
      } else {
        this.push(where, 'member-removed', `${word} \`${m.name}\` (${JSON.stringify(m.value)}) removed`, { ...base, member: m.name, value: m.value }, { probes: [m.value] });
      }
    }
    for (const m of news) {
      if (oldByValue.has(m.value)) continue;
      const moved = named ? oldByName.get(m.name) : undefined;
      if (moved && !newByValue.has(moved.value)) continue; // reported as renumbered
      this.push(where, 'member-added', `${word} \`${m.name}\` (${JSON.stringify(m.value)}) added`, { ...base, member: m.name, value: m.value }, { probes: [m.value] });
    }
    for (const m of olds) {
      const n = newByValue.get(m.value);
      if (!n) continue;
      if (named && n.name !== m.name && !(oldByName.has(n.name) && newByName.has(m.name))) {
        const aliasKept = n.aliases.includes(m.name);
        this.push(where, 'member-renamed', `${word} ${JSON.stringify(m.value)} renamed from \`${m.name}\` to \`${n.name}\`${aliasKept ? ' (old name kept as a deprecated alias)' : ''}`, { ...base, value: m.value, from: m.name, to: n.name, aliasKept });
      }
      for (const column of [...new Set([...Object.keys(m.extra), ...Object.keys(n.extra)])].sort()) {
        const before = m.extra[column];
        const after = n.extra[column];
        if (JSON.stringify(before) === JSON.stringify(after)) continue;
        const kind = columnKind(table, column);
        const detail: Record<string, unknown> = { ...base, member: n.name, value: n.value, column, from: before ?? null, to: after ?? null };
        let summary = `\`${n.name}\` ${column}: ${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}`;
        if (Array.isArray(before) || Array.isArray(after)) {
          const was = new Set((Array.isArray(before) ? before : []).map(String));
          const now = new Set((Array.isArray(after) ? after : []).map(String));
          const added = [...now].filter((e) => !was.has(e));
          const removed = [...was].filter((e) => !now.has(e));
          detail['added'] = added;
          detail['removed'] = removed;
          summary = `\`${n.name}\` ${column}:${added.length ? ` + ${added.join(', ')}` : ''}${removed.length ? ` − ${removed.join(', ')}` : ''}`;
        }
        this.push(where, kind, summary, detail);
      }
    }
  }

  private typeChanged(where: Where, o: IRType, n: IRType, what?: string): void {
    const relation = this.relation.relate(o, n);
    if (relation === 'equivalent') return;
    const from = typeText(o);
    const to = typeText(n);
    // integer and number are both `number` in TypeScript: such a change matters to validation only.
    const typesSame = from.replace(/\binteger\b/g, 'number') === to.replace(/\binteger\b/g, 'number');
    const place = what ?? placeText(where.steps);
    const how = relation === 'widened' ? 'widened' : relation === 'narrowed' ? 'narrowed' : 'changed';
    const text = typesSame ? `constraints ${how} (${from}; validation only)` : `type ${how} from \`${from}\` to \`${to}\``;
    const summary = place ? `${place}: ${text}` : text;
    const probes: unknown[] = [];
    const constraintProbes = (t: IRType) => {
      if (t.kind === 'string') {
        if (t.maxLength !== undefined) probes.push('0'.repeat(t.maxLength + 1), '0'.repeat(t.maxLength));
        if (t.minLength !== undefined && t.minLength > 0) probes.push('0'.repeat(t.minLength - 1), '0'.repeat(t.minLength));
      } else if (t.kind === 'number') {
        if (t.maximum !== undefined) probes.push(t.maximum, t.maximum + 1);
        if (t.minimum !== undefined) probes.push(t.minimum, t.minimum - 1);
      }
    };
    constraintProbes(o);
    constraintProbes(n);
    this.push(where, 'type-changed', summary, { from, to, relation }, { oldLeaf: o, newLeaf: n, relation, typesSame, probes });
  }

  compareType(where: Where, o: IRType, n: IRType): void {
    if (o.kind === 'ref' && n.kind === 'ref') {
      if (this.same.get(o.name) === n.name) return;
      if (!this.same.has(o.name) && !this.sameInverse.has(n.name)) {
        // Neither side has a counterpart: compare the two declarations as one, once.
        const key = `${o.name}\u0000${n.name}`;
        if (this.descended.has(key)) return;
        this.descended.add(key);
        const od = this.a.decls.get(o.name);
        const nd = this.b.decls.get(n.name);
        if (od && nd) this.compareDeclarations(od, nd);
        return;
      }
      this.typeChanged(where, o, n);
      return;
    }
    if (o.kind === 'ref' || n.kind === 'ref') {
      // A type moved into or out of a declaration is not a change by itself; what it holds may be.
      const od = o.kind === 'ref' ? this.a.decls.get(o.name) : undefined;
      const nd = n.kind === 'ref' ? this.b.decls.get(n.name) : undefined;
      if ((od && od.body.kind !== 'type' && od.body.kind !== 'derived') || (nd && nd.body.kind !== 'type' && nd.body.kind !== 'derived')) {
        // An enum or bitfield against an inline type: compare as values.
        this.typeChanged(where, o, n);
        return;
      }
      this.compareType(where, this.a.deref(o), this.b.deref(n));
      return;
    }
    const os = splitNull(o);
    const ns = splitNull(n);
    if (os.nullable !== ns.nullable) {
      const place = placeText(where.steps) || 'the value';
      if (ns.nullable) this.push(where, 'nullable-added', `${place} may now be null`, {}, { oldLeaf: o, newLeaf: n, probes: [null] });
      else this.push(where, 'nullable-removed', `${place} may no longer be null`, {}, { oldLeaf: o, newLeaf: n, probes: [null] });
    }
    if (os.nullable || ns.nullable) {
      if (os.rest && ns.rest) this.compareType(where, os.rest, ns.rest);
      else if (os.rest || ns.rest) this.typeChanged(where, o, n);
      return;
    }
    if (o.kind !== n.kind) {
      const ov = o.kind === 'intersection' || n.kind === 'intersection' ? this.a.objectView(o) : null;
      const nv = ov ? this.b.objectView(n) : null;
      if (ov && nv) this.compareObjects(where, ov, nv);
      else this.typeChanged(where, o, n);
      return;
    }
    switch (o.kind) {
      case 'object':
        this.compareObjects(where, { properties: o.properties, additional: o.additional }, { properties: (n as typeof o).properties, additional: (n as typeof o).additional });
        return;
      case 'array': {
        const m = n as typeof o;
        if (o.minItems !== m.minItems || o.maxItems !== m.maxItems) {
          this.typeChanged(where, { ...o, items: { kind: 'unknown' } }, { ...m, items: { kind: 'unknown' } }, `${placeText(where.steps) || 'the array'} length`);
        }
        this.compareType(this.at(where, { k: 'items' }), o.items, m.items);
        return;
      }
      case 'tuple': {
        const m = n as typeof o;
        if (o.items.length !== m.items.length || o.minItems !== m.minItems || (o.rest === null) !== (m.rest === null)) {
          this.typeChanged(where, o, m);
          return;
        }
        o.items.forEach((item, i) => this.compareType(this.at(where, { k: 'tuple', i }), item.type, m.items[i]!.type));
        if (o.rest && m.rest) this.compareType(this.at(where, { k: 'items' }), o.rest, m.rest);
        return;
      }
      case 'record': {
        const m = n as typeof o;
        if (this.typeKey(o.key, true) !== this.typeKey(m.key, false)) this.typeChanged(where, o, m, `${placeText(where.steps) || 'the record'} keys`);
        this.compareType(this.at(where, { k: 'values' }), o.value, m.value);
        return;
      }
      case 'union':
        this.compareUnions(where, o, n as typeof o);
        return;
      case 'intersection': {
        const m = n as typeof o;
        if (o.members.length === m.members.length) {
          o.members.forEach((member, i) => this.compareType(this.at(where, { k: 'member', old: i, new: i }), member, m.members[i]!));
          return;
        }
        const ov = this.a.objectView(o);
        const nv = this.b.objectView(m);
        if (ov && nv) this.compareObjects(where, ov, nv);
        else this.typeChanged(where, o, m);
        return;
      }
      case 'not': {
        const m = n as typeof o;
        if (this.typeKey(o.not, true) !== this.typeKey(m.not, false)) this.typeChanged(where, o, m);
        else this.compareType(where, o.base, m.base);
        return;
      }
      case 'string':
      case 'number':
      case 'literal':
      case 'flags':
        if (this.typeKey(o, true) !== this.typeKey(n, false)) this.typeChanged(where, o, n);
        return;
      default:
        return;
    }
  }

  private compareObjects(where: Where, o: ObjectView, n: ObjectView): void {
    const newByName = new Map(n.properties.map((p) => [p.name, p]));
    const oldByName = new Map(o.properties.map((p) => [p.name, p]));
    for (const p of o.properties) {
      const q = newByName.get(p.name);
      const w = this.at(where, { k: 'prop', name: p.name });
      const place = placeText(w.steps);
      if (!q) {
        this.push(w, 'field-removed', `field ${place} removed (was ${p.required ? 'required' : 'optional'})`, { field: p.name, required: p.required, type: typeText(p.type) }, { oldLeaf: p.type });
        continue;
      }
      if (p.required !== q.required) {
        if (q.required) this.push(w, 'field-required', `field ${place} is now required`, { field: p.name }, { oldLeaf: p.type, newLeaf: q.type });
        else this.push(w, 'field-optional', `field ${place} is now optional`, { field: p.name }, { oldLeaf: p.type, newLeaf: q.type });
      }
      this.compareType(w, p.type, q.type);
    }
    for (const q of n.properties) {
      if (oldByName.has(q.name)) continue;
      const w = this.at(where, { k: 'prop', name: q.name });
      this.push(w, 'field-added', `field ${placeText(w.steps)} added (${q.required ? 'required' : 'optional'}, \`${typeText(q.type)}\`)`, { field: q.name, required: q.required, type: typeText(q.type) }, { newLeaf: q.type });
    }
    const oa = o.additional;
    const na = n.additional;
    if (oa === null && na === null) return;
    const w = this.at(where, { k: 'values' });
    if (oa === null || na === null) this.typeChanged(w, oa ?? { kind: 'unknown' }, na ?? { kind: 'unknown' }, `${placeText(where.steps) || 'the object'}: keys not listed`);
    else this.compareType(w, oa, na);
  }

  private discriminantOf(side: DiffSideIndex, member: IRType, property: string): string | null {
    const value = propertyLiteral(member, property, side.decls);
    return value === undefined ? null : JSON.stringify(value);
  }

  private compareUnions(where: Where, o: Extract<IRType, { kind: 'union' }>, n: Extract<IRType, { kind: 'union' }>): void {
    if (o.discriminator !== undefined && o.discriminator === n.discriminator) {
      const d = o.discriminator;
      const olds = new Map<string, number>();
      const news = new Map<string, number>();
      o.members.forEach((m, i) => {
        const v = this.discriminantOf(this.a, m, d);
        if (v !== null) olds.set(v, i);
      });
      n.members.forEach((m, i) => {
        const v = this.discriminantOf(this.b, m, d);
        if (v !== null) news.set(v, i);
      });
      if (olds.size === o.members.length && news.size === n.members.length) {
        const place = placeText(where.steps);
        for (const [value, i] of olds) {
          const j = news.get(value);
          const label = `${d}=${value}`;
          if (j === undefined) {
            this.push(where, 'variant-removed', `${place ? place + ': ' : ''}variant ${label} removed`, { discriminator: d, value: JSON.parse(value) as unknown }, { oldLeaf: o, newLeaf: n });
          } else this.compareType(this.at(where, { k: 'variant', old: i, new: j, label }), o.members[i]!, n.members[j]!);
        }
        for (const [value] of news) {
          if (olds.has(value)) continue;
          this.push(where, 'variant-added', `${place ? place + ': ' : ''}variant ${d}=${value} added`, { discriminator: d, value: JSON.parse(value) as unknown }, { oldLeaf: o, newLeaf: n });
        }
        return;
      }
    }
    const oldKeys = o.members.map((m) => this.typeKey(m, true));
    const newKeys = n.members.map((m) => this.typeKey(m, false));
    const onlyOld = o.members.map((_, i) => i).filter((i) => !newKeys.includes(oldKeys[i]!));
    const onlyNew = n.members.map((_, i) => i).filter((i) => !oldKeys.includes(newKeys[i]!));
    if (onlyOld.length === 0 && onlyNew.length === 0) return;
    if (onlyOld.length === onlyNew.length && o.members.length === n.members.length) {
      onlyOld.forEach((i, k) => {
        const j = onlyNew[k]!;
        this.compareType(this.at(where, { k: 'variant', old: i, new: j, label: `member ${j + 1}` }), o.members[i]!, n.members[j]!);
      });
      return;
    }
    this.typeChanged(where, o, n);
  }

  private compareFrames(): void {
    const olds = new Map(this.a.ir.frames.map((f) => [eventKey(f), f]));
    const news = new Map(this.b.ir.frames.map((f) => [eventKey(f), f]));
    const unmatchedOld: IRFrame[] = [];
    const unmatchedNew: IRFrame[] = [];
    for (const [key, f] of olds) {
      const g = news.get(key);
      if (!g) unmatchedOld.push(f);
      else if (g.direction === f.direction) this.compareFrameData(f, g, key);
      else unmatchedOld.push(f);
    }
    for (const [key, g] of news) {
      const f = olds.get(key);
      if (!f || f.direction !== g.direction) unmatchedNew.push(g);
    }
    const takeNew = (pred: (g: IRFrame) => boolean): IRFrame | undefined => {
      const i = unmatchedNew.findIndex(pred);
      return i < 0 ? undefined : unmatchedNew.splice(i, 1)[0];
    };
    for (const f of unmatchedOld) {
      const subjectOf = (g: IRFrame | null): DiffSubject => ({ kind: 'event', event: eventKey(g ?? f), direction: f.direction, old: f.name, new: g?.name ?? null });
      // A non-dispatch frame under another opcode, or a dispatch under another name with the same data.
      const moved = f.t === null ? takeNew((g) => g.t === null && g.direction === f.direction && frameBaseName(g) === frameBaseName(f)) : undefined;
      if (moved) {
        const where: Where = { subject: subjectOf(moved), steps: [{ k: 'prop', name: 'op' }], oldRoot: f.name, newRoot: moved.name };
        this.push(where, 'opcode-changed', `${frameBaseName(f)} moved from opcode ${f.op} to ${moved.op}`, { from: f.op, to: moved.op }, { probes: [f.op, moved.op], oldLeaf: { kind: 'literal', value: f.op }, newLeaf: { kind: 'literal', value: moved.op } });
        this.compareFrameData(f, moved, eventKey(moved));
        continue;
      }
      const renamed = f.t !== null ? takeNew((g) => g.t !== null && g.direction === f.direction && this.typeKey(f.data, true) === this.typeKey(g.data, false)) : undefined;
      if (renamed) {
        const where: Where = { subject: subjectOf(renamed), steps: [{ k: 'prop', name: 't' }], oldRoot: f.name, newRoot: renamed.name };
        this.push(where, 'event-renamed', `event ${f.t} renamed to ${renamed.t} (same data)`, { from: f.t, to: renamed.t }, { probes: [f.t, renamed.t] });
        continue;
      }
      this.push({ subject: subjectOf(null), steps: [], oldRoot: f.name, newRoot: null }, 'event-removed', `${frameText(f)} removed`, { event: eventKey(f), op: f.op });
    }
    for (const g of unmatchedNew) {
      this.push({ subject: { kind: 'event', event: eventKey(g), direction: g.direction, old: null, new: g.name }, steps: [], oldRoot: null, newRoot: g.name }, 'event-added', `${frameText(g)} added`, { event: eventKey(g), op: g.op });
    }
  }

  /** Frames whose declarations are paired are compared as declarations; otherwise their data is compared here. */
  private compareFrameData(f: IRFrame, g: IRFrame, key: string): void {
    if (this.same.get(f.name) === g.name) return;
    const where: Where = { subject: { kind: 'event', event: key, direction: g.direction, old: f.name, new: g.name }, steps: [{ k: 'prop', name: 'd' }], oldRoot: f.name, newRoot: g.name };
    this.compareType(where, f.data, g.data);
  }
}
