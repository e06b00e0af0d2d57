/**
 * What each kind of change does to readers of what Discord sends and writers of what clients send.
 * The two differ because variance differs: a type that gets wider breaks code that reads it (a case
 * it does not handle) and helps code that writes it (more it may send); a narrower type the reverse.
 */
import type { RawChange } from './compare.js';
import type { AudienceImpact } from './model.js';

interface Impacts {
  readonly readers: AudienceImpact;
  readonly writers: AudienceImpact;
}

const breaking = (reason: string, note?: string): AudienceImpact => ({ level: 'breaking', reason, ...(note ? { note } : {}) });
const additive = (reason: string, note?: string): AudienceImpact => ({ level: 'additive', reason, ...(note ? { note } : {}) });
const compatible = (reason: string): AudienceImpact => ({ level: 'compatible', reason });
const none = (reason: string): AudienceImpact => ({ level: 'none', reason });
/** The same impact on readers and writers (a name gone, a new flag: variance plays no part). */
const both = (impact: AudienceImpact): Impacts => ({ readers: impact, writers: impact });

const EXHAUSTIVE = 'may reach exhaustive switches';

function byKind(change: RawChange): Impacts {
  switch (change.kind) {
    case 'declaration-added':
      return both(additive('a new exported type'));
    case 'declaration-removed':
      return both(breaking('an exported type is gone'));
    case 'declaration-renamed':
      return both(breaking('the old type name is gone'));
    case 'event-added':
      return { readers: additive('a new event to handle', `a new \`t\` ${EXHAUSTIVE} over events`), writers: additive('a new command to send') };
    case 'event-removed':
      return { readers: breaking('an event handlers may use is gone'), writers: breaking('a command writers may send is gone') };
    case 'event-renamed':
      return { readers: breaking('handlers of the old name no longer match'), writers: breaking('the old command name is gone') };
    case 'field-added':
      return {
        readers: additive('a new field to read'),
        writers: change.detail['required'] === true ? breaking('a new required field writers must send') : additive('a new optional field writers may send'),
      };
    case 'field-removed':
      return { readers: breaking('a field readers may use is gone'), writers: breaking('a field writers may send is no longer allowed') };
    case 'field-required':
      return { readers: compatible('a field that was optional is always present'), writers: breaking('writers must now send the field') };
    case 'field-optional':
      return { readers: breaking('a field readers rely on may be absent'), writers: compatible('writers may leave the field out') };
    case 'nullable-added':
      return { readers: breaking('readers must now handle null'), writers: compatible('writers may send null') };
    case 'nullable-removed':
      return { readers: compatible('null no longer arrives'), writers: breaking('writers may no longer send null') };
    case 'type-changed': {
      if (change.typesSame) return both(none('the TypeScript type is unchanged (validation only)'));
      if (change.relation === 'widened') return { readers: breaking('readers may now see values they do not handle'), writers: compatible('writers may send more values') };
      if (change.relation === 'narrowed') return { readers: compatible('readers see fewer kinds of value'), writers: breaking('values writers send may no longer fit') };
      return both(breaking('the type changed incompatibly'));
    }
    case 'variant-added':
      return { readers: additive('a new variant to handle', EXHAUSTIVE), writers: additive('a new variant writers may send') };
    case 'variant-removed':
      return { readers: breaking('code naming the variant no longer compiles'), writers: breaking('writers may no longer send the variant') };
    case 'member-added':
      if (change.detail['body'] === 'flags') {
        return both(additive('a new flag'));
      }
      return { readers: additive('a new member', EXHAUSTIVE), writers: additive('a new member writers may send') };
    case 'member-removed':
      return { readers: breaking('code naming the member no longer compiles'), writers: breaking('writers may no longer send the value') };
    case 'member-renumbered':
      return { readers: breaking('the member now stands for another value'), writers: breaking('the member now sends another value') };
    case 'member-renamed':
      return change.detail['aliasKept'] === true
        ? both(compatible('the old name is kept as a deprecated alias'))
        : both(breaking('the old member name is gone'));
    case 'intent-events-changed': {
      const removed = (change.detail['removed'] as unknown[] | undefined)?.length ?? 0;
      return removed > 0
        ? { readers: breaking('an intent no longer enables events it did'), writers: breaking('identify with this intent no longer yields those events') }
        : both(additive('an intent enables more events'));
    }
    case 'close-code-action-changed':
      return both(breaking('a client now reacts differently to this close code'));
    case 'opcode-changed':
      return both(breaking('frames travel under another opcode or direction'));
    case 'table-changed':
      return both(breaking('a protocol fact code may act on changed'));
  }
}

/**
 * Readers are affected when the change is reachable from a frame Discord sends, writers when from a
 * frame a client sends; a declaration no frame reaches (a protocol table, an exported helper type)
 * affects both, since either may import it.
 */
export function classify(change: RawChange, directions: ReadonlySet<'receive' | 'send'>): Impacts {
  const impacts = byKind(change);
  if (directions.size === 0) return impacts;
  return {
    readers: directions.has('receive') ? impacts.readers : none('not part of any payload Discord sends'),
    writers: directions.has('send') ? impacts.writers : none('not part of any payload a client sends'),
  };
}
