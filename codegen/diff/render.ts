/**
 * The report as text (a terminal), markdown (a section to paste into CHANGELOG.md, with the detail
 * below it) and JSON (for tools). All three read the same `DiffReport` and list changes in its order.
 */
import type { DiffChange, DiffLocation, DiffReport, DiffSubject, ImpactLevel } from './model.js';

function where(loc: DiffLocation | null): string {
  return loc ? `${loc.file}#${loc.pointer}` : '–';
}

export function subjectText(s: DiffSubject): string {
  if (s.kind === 'event') return `event ${s.event}`;
  if (s.old && s.new && s.old !== s.new) return `${s.old} → ${s.new}`;
  return s.new ?? s.old ?? '?';
}

function impactText(c: DiffChange): string {
  const part = (who: string, level: ImpactLevel, note?: string) => `${who}: ${level}${note ? ` (${note})` : ''}`;
  return [part('readers', c.readers.level, c.readers.note), part('writers', c.writers.level, c.writers.note), `validation: ${c.validation.effect}`].join(' · ');
}

function json(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 300 ? text.slice(0, 297) + '...' : text;
}

function groups(report: DiffReport): Map<string, DiffChange[]> {
  const out = new Map<string, DiffChange[]>();
  for (const c of report.changes) {
    const key = subjectText(c.subject);
    const list = out.get(key);
    if (list) list.push(c);
    else out.set(key, [c]);
  }
  return out;
}

function eventsText(c: DiffChange): string {
  if (c.subject.kind === 'event' || c.events.length === 0) return '';
  const shown = c.events.slice(0, 6).join(', ');
  return c.events.length > 6 ? `${shown} and ${c.events.length - 6} more` : shown;
}

export function renderText(report: DiffReport): string {
  const lines: string[] = [];
  lines.push(`gatewire diff: ${report.old.label} → ${report.new.label}`);
  lines.push(
    `${report.counts.total} change${report.counts.total === 1 ? '' : 's'} (${report.counts.breakingForReaders} breaking for readers, ${report.counts.breakingForWriters} for writers)`,
  );
  lines.push(`suggested bump: ${report.bump.level} (${report.bump.rule}${report.bump.because && report.bump.level !== 'none' ? `; ${report.bump.because}` : ''})`);
  for (const [kind, word] of [
    ['event-added', 'added'],
    ['event-removed', 'removed'],
    ['event-renamed', 'renamed'],
  ] as const) {
    const list = report.changes.filter((c) => c.kind === kind && c.subject.kind === 'event');
    // Dispatches by name; other frames (heartbeat, commands) by name and opcode.
    const dispatches = list.filter((c) => c.subject.kind === 'event' && !c.subject.event.includes(' op '));
    const frames = list.filter((c) => !dispatches.includes(c));
    const frameName = (c: DiffChange) => (c.subject.kind === 'event' ? `${(c.subject.new ?? c.subject.old ?? '').replace(/^Gateway/, '')} (${c.subject.event})` : '');
    if (dispatches.length > 0) lines.push(`events ${word} (${dispatches.length}): ${dispatches.map((c) => (c.subject.kind === 'event' ? c.subject.event : '')).join(', ')}`);
    if (frames.length > 0) lines.push(`other frames ${word} (${frames.length}): ${frames.map(frameName).join(', ')}`);
  }
  for (const [subject, list] of groups(report)) {
    lines.push('');
    const events = eventsText(list[0]!);
    lines.push(`${subject}${events ? `  [events: ${events}]` : ''}`);
    for (const c of list) {
      lines.push(`  ${c.kind}: ${c.summary}`);
      lines.push(`    old: ${where(c.old)}  new: ${where(c.new)}`);
      lines.push(`    ${impactText(c)}`);
      for (const e of c.validation.nowRejected) lines.push(`    now rejected (${e.mode}): ${json(e.payload)}`);
      for (const e of c.validation.nowAccepted) lines.push(`    now accepted (${e.mode}): ${json(e.payload)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A CHANGELOG.md section (heading level 2), then the full table of changes. */
export function renderMarkdown(report: DiffReport, heading = 'Unreleased'): string {
  const out: string[] = [];
  out.push(`## ${heading}`);
  out.push('');
  out.push(`Schema changes from \`${report.old.label}\` to \`${report.new.label}\`. Suggested bump: **${report.bump.level}** (${report.bump.rule}).`);
  const breaking = report.changes.filter((c) => c.readers.level === 'breaking' || c.writers.level === 'breaking');
  const added = report.changes.filter((c) => !breaking.includes(c) && (c.readers.level === 'additive' || c.writers.level === 'additive'));
  const other = report.changes.filter((c) => !breaking.includes(c) && !added.includes(c));
  const item = (c: DiffChange) => {
    const who = [c.readers.level === 'breaking' ? 'readers' : '', c.writers.level === 'breaking' ? 'writers' : ''].filter(Boolean).join(', ');
    const events = eventsText(c);
    const notes = [c.readers.note, c.writers.note].filter((n): n is string => n !== undefined);
    return `- **${subjectText(c.subject)}**: ${c.summary}${who && breaking.includes(c) ? ` — breaks ${who}` : ''}${events ? ` (events: ${events})` : ''}${notes.length ? ` — ${[...new Set(notes)].join('; ')}` : ''}`;
  };
  for (const [title, list] of [
    ['Breaking', breaking],
    ['Added', added],
    ['Changed', other],
  ] as const) {
    if (list.length === 0) continue;
    out.push('');
    out.push(`### ${title}`);
    out.push('');
    for (const c of list) out.push(item(c));
  }
  if (report.changes.length === 0) {
    out.push('');
    out.push('No changes.');
  }
  if (report.changes.length > 0) {
    out.push('');
    out.push('<details><summary>Every change, with locations and validation examples</summary>');
    out.push('');
    out.push('| subject | change | old | new | readers | writers | validation |');
    out.push('|---|---|---|---|---|---|---|');
    for (const c of report.changes) {
      const examples = [
        ...c.validation.nowRejected.map((e) => `now rejected (${e.mode}): \`${json(e.payload)}\``),
        ...c.validation.nowAccepted.map((e) => `now accepted (${e.mode}): \`${json(e.payload)}\``),
      ];
      out.push(
        `| ${md(subjectText(c.subject))} | ${md(c.summary)} | ${md(where(c.old))} | ${md(where(c.new))} | ${c.readers.level} | ${c.writers.level} | ${md([c.validation.effect, ...examples].join('<br>'))} |`,
      );
    }
    out.push('');
    out.push('</details>');
  }
  return out.join('\n') + '\n';
}

export function renderJson(report: DiffReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
