/**
 * The gateway frames: every `$ref` member of events/receive.json and events/send.json that names an
 * object with a literal integer `op` (and, for a dispatch, a literal `t`) becomes an `IRFrame`, the
 * entry the event maps and the dispatch planner are built from. A member that cannot be read is left
 * out with a warning (an error under --strict).
 */
import type { IRFrame, IRType } from '../ir.js';
import { CodegenError } from '../errors.js';
import { objectProps } from '../ir-query.js';
import { isObject } from '../load.js';
import type { ResolveState } from './context.js';

/** The frames both directions' payload unions list, in file order. */
export function readFrames(state: ResolveState): IRFrame[] {
  const frames: IRFrame[] = [];
  for (const direction of ['receive', 'send'] as const) {
    const file = state.files.find((f) => new URL(f.id).pathname.endsWith(`/events/${direction}.json`));
    if (!file) continue;
    const list = file.root['oneOf'] ?? file.root['anyOf'];
    if (!Array.isArray(list)) {
      state.errors.push(new CodegenError('CODEGEN_BAD_FRAMES', file.file, '', `events/${direction}.json must be a \`oneOf\` of \`$ref\`s to frames`));
      continue;
    }
    const keyword = file.root['oneOf'] !== undefined ? 'oneOf' : 'anyOf';
    list.forEach((entry, i) => {
      const pointer = `/${keyword}/${i}`;
      if (entry === false) return; // a repeated member, counted once (codegen/prepare.ts)
      if (!isObject(entry) || typeof entry['$ref'] !== 'string') {
        state.warn('frame-skipped', { file: file.file, pointer }, 'every member must be a `$ref` to a frame; left out of the event maps');
        return;
      }
      const name = state.nameByKey.get(entry['$ref'].includes('#') ? entry['$ref'] : `${entry['$ref']}#`);
      const decl = name ? state.declarations.get(name) : undefined;
      const props = decl ? objectProps({ kind: 'ref', name: decl.name }, state.declarations) : null;
      if (!decl || !props) {
        state.warn('frame-skipped', { file: file.file, pointer }, `${entry['$ref']} is not an object frame; left out of the event maps`);
        return;
      }
      const op = props.get('op');
      const t = props.get('t');
      const d = props.get('d');
      // Tolerant: a frame whose tag cannot be read (an `enum` misspelt upstream) stays in the
      // payload union's type but gets no place in the event maps (an error under --strict).
      if (!op || op.type.kind !== 'literal' || typeof op.type.value !== 'number') {
        state.warn('frame-skipped', { file: file.file, pointer }, `${decl.name} has no literal integer \`op\`; left out of the event maps`);
        return;
      }
      const tValue = t && t.type.kind === 'literal' ? t.type.value : null;
      if (op.type.value === 0 && typeof tValue !== 'string') {
        state.warn('frame-skipped', { file: file.file, pointer }, `${decl.name} is a dispatch without a literal \`t\`; left out of the event maps`);
        return;
      }
      const data = d ? d.type : ({ kind: 'unknown' } as IRType);
      frames.push({
        name: decl.name,
        direction,
        op: op.type.value,
        t: typeof tValue === 'string' ? tValue : null,
        data,
        dataName: data.kind === 'ref' ? data.name : null,
        command: direction === 'send' ? decl.name.replace(/^Gateway/, '') : null,
      });
    });
  }
  return frames;
}
