/** generated/events.ts re-exported for schema-hash.ts's namespace import (why: see schema-enums.ts). */
export * from '../../generated/events.js';
