/**
 * The last pass over the declarations, once every one is built: reject aliases that only name
 * themselves, read the frames, and mark each union's discriminator (or selector) so emitters can
 * dispatch on one property instead of trying every member.
 */
import type { IR, IRDeclaration, IRType, Literal } from '../ir.js';
import { CodegenError, CodegenErrors } from '../errors.js';
import { literalValues, objectProps } from '../ir-query.js';
import type { ResolveState } from './context.js';
import { readFrames } from './frames.js';

type Declarations = ReadonlyMap<string, IRDeclaration>;

/** The IR of a finished run; throws `CodegenErrors` when any stage recorded an error. */
export function finish(state: ResolveState, source: IR['source']): IR {
  checkAliasCycles(state);
  if (state.errors.length > 0) throw new CodegenErrors(state.errors);
  const frames = readFrames(state);
  if (state.errors.length > 0) throw new CodegenErrors(state.errors);
  const decls = state.declarations;
  const declarations = [...decls.values()]
    .map((d) => (d.body.kind === 'type' ? { ...d, body: { kind: 'type' as const, type: discriminate(d.body.type, decls) } } : d))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map(declarations.map((d) => [d.name, d]));
  return {
    source,
    declarations,
    frames: frames.map((f) => ({ ...f, data: f.dataName ? f.data : discriminate(f.data, decls) })).filter((f) => byName.has(f.name)),
    diagnostics: [...state.diagnostics],
  };
}

/**
 * A declaration that is only an alias (through unions, intersections and other aliases) of itself
 * has no structure to name: `type A = A | null` cannot be written in TypeScript or validated.
 */
function checkAliasCycles(state: ResolveState): void {
  for (const decl of state.declarations.values()) {
    const seen = new Set<string>();
    const reaches = (type: IRType): boolean => {
      switch (type.kind) {
        case 'ref': {
          if (type.name === decl.name) return true;
          if (seen.has(type.name)) return false;
          seen.add(type.name);
          const target = state.declarations.get(type.name);
          if (!target) return false;
          if (target.body.kind === 'derived') return reaches({ kind: 'ref', name: target.body.base });
          return target.body.kind === 'type' && reaches(target.body.type);
        }
        case 'union':
        case 'intersection':
          return type.members.some(reaches);
        case 'not':
          return reaches(type.base);
        default:
          return false;
      }
    };
    const body = decl.body;
    const start: IRType | null = body.kind === 'type' ? body.type : body.kind === 'derived' ? { kind: 'ref', name: body.base } : null;
    if (start && reaches(start)) {
      state.errors.push(new CodegenError('CODEGEN_UNNAMEABLE_CYCLE', decl.source.file, decl.source.pointer, `${decl.name} refers to itself without any object or array in between, so it describes no value`));
    }
  }
}

/** Sets `discriminator` on every union whose members all carry a distinct required literal. */
function discriminate(type: IRType, decls: Declarations): IRType {
  switch (type.kind) {
    case 'array':
      return { ...type, items: discriminate(type.items, decls) };
    case 'tuple':
      return { ...type, items: type.items.map((i) => ({ ...i, type: discriminate(i.type, decls) })), rest: type.rest && discriminate(type.rest, decls) };
    case 'object':
      return { ...type, properties: type.properties.map((p) => ({ ...p, type: discriminate(p.type, decls) })), additional: type.additional && discriminate(type.additional, decls) };
    case 'record':
      return { ...type, key: discriminate(type.key, decls), value: discriminate(type.value, decls) };
    case 'intersection':
      return { ...type, members: type.members.map((m) => discriminate(m, decls)) };
    case 'not':
      return { ...type, base: discriminate(type.base, decls), not: discriminate(type.not, decls) };
    case 'union': {
      const members = type.members.map((m) => discriminate(m, decls));
      const discriminator = findDiscriminator(members, decls);
      if (discriminator) return { kind: 'union', members, discriminator };
      const selector = findSelector(members, decls);
      return selector ? { kind: 'union', members, selector } : { kind: 'union', members };
    }
    default:
      return type;
  }
}

/** Each member viewed as an object, or null when one is not; with the first member's keys, `type` first. */
function memberObjects(members: readonly IRType[], decls: Declarations) {
  if (members.length < 2) return null;
  const objects = members.map((m) => objectProps(m, decls));
  if (objects.some((o) => o === null)) return null;
  const props = objects as NonNullable<(typeof objects)[number]>[];
  const candidates = [...props[0]!.keys()].sort((a, b) => (a === 'type' ? -1 : b === 'type' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return { props, candidates };
}

function findDiscriminator(members: readonly IRType[], decls: Declarations): string | undefined {
  const objects = memberObjects(members, decls);
  if (!objects) return undefined;
  for (const key of objects.candidates) {
    const values: Literal[] = [];
    let ok = true;
    for (const props of objects.props) {
      const p = props.get(key);
      if (!p || !p.required) {
        ok = false;
        break;
      }
      const lits = literalValues(p.type);
      if (!lits || lits.some((l) => values.includes(l))) {
        ok = false;
        break;
      }
      values.push(...lits);
    }
    if (ok) return key;
  }
  return undefined;
}

/**
 * A property every object member lists and some member requires as a literal, when no
 * discriminator exists: GUILD_CREATE's `unavailable` (`true` on the unavailable guild, an optional
 * boolean on the full one). Its value rules members out, which is what issue reporting needs (#11.10).
 */
function findSelector(members: readonly IRType[], decls: Declarations): string | undefined {
  const objects = memberObjects(members, decls);
  if (!objects) return undefined;
  const infos = objects.props;
  const tags = (props: (typeof infos)[number], key: string): boolean => props.get(key)!.required && literalValues(props.get(key)!.type) !== null;
  // The members that do not tag it leave it optional, so its absence selects them (a key every
  // member requires, such as the frames' `op`, `s` or `t`, is for the dispatch planner).
  return objects.candidates.find(
    (key) => infos.every((i) => i.has(key) && (tags(i, key) || !i.get(key)!.required)) && infos.some((i) => tags(i, key)) && !infos.every((i) => tags(i, key)),
  );
}
