/**
 * The version bump a report calls for, and the rule that gave it. The rules are checked in order and
 * the first that matches wins; README "When Discord changes" states the same policy for people.
 */
import type { BumpSuggestion, DiffChange } from './model.js';

interface Rule {
  readonly id: string;
  readonly level: BumpSuggestion['level'];
  readonly text: string;
  readonly matches: (c: DiffChange) => boolean;
}

export const BUMP_RULES: readonly Rule[] = [
  {
    id: 'R1',
    level: 'major',
    text: 'a change breaks readers or writers (something they use is gone, or types no longer fit)',
    matches: (c) => c.readers.level === 'breaking' || c.writers.level === 'breaking',
  },
  {
    id: 'R2',
    level: 'minor',
    text: 'a change adds something readers or writers can use (event, field, member, type)',
    matches: (c) => c.readers.level === 'additive' || c.writers.level === 'additive',
  },
  {
    id: 'R3',
    level: 'minor',
    text: 'validation rejects payloads it accepted before',
    matches: (c) => c.validation.effect === 'tightened' || c.validation.effect === 'both',
  },
  {
    id: 'R4',
    level: 'patch',
    text: 'changes are compatible for readers and writers (validation loosened, fields always present, aliases kept)',
    matches: () => true,
  },
];

export function suggestBump(changes: readonly DiffChange[]): BumpSuggestion {
  if (changes.length === 0) return { level: 'none', rule: 'R0: no change to types, events, tables or validation', because: 'no changes', changes: [] };
  for (const rule of BUMP_RULES) {
    const hits = changes.map((c, i) => (rule.matches(c) ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 0) continue;
    const named = hits.slice(0, 3).map((i) => changes[i]!.summary);
    const more = hits.length > 3 ? ` and ${hits.length - 3} more` : '';
    return { level: rule.level, rule: `${rule.id}: ${rule.text}`, because: named.join('; ') + more, changes: hits };
  }
  return { level: 'patch', rule: 'R4', because: '', changes: [] };
}
