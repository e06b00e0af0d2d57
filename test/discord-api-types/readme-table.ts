/**
 * Prints the README's table of events the bridge leaves out, from excluded.ts:
 * `npx tsx test/discord-api-types/readme-table.ts`, then paste it between the
 * `<!-- bridge-exclusions -->` markers (bridge.test.ts checks the README names exactly these events).
 */
import { excludedEvents } from './excluded.js';

const rows = Object.entries(excludedEvents).sort(([a], [b]) => (a < b ? -1 : 1));
process.stdout.write('| event | why it is not bridged (first difference; docs reference) |\n|---|---|\n');
for (const [event, why] of rows) process.stdout.write(`| \`${event}\` | ${why.replace(/\|/g, '\\|')} |\n`);
