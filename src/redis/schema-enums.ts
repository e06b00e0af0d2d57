/**
 * generated/enums.ts re-exported, so that schema-hash.ts's `import * as enums` names this module.
 *
 * A bundler builds a namespace object in the module it names, as one module-level call listing
 * every export. Taken of generated/enums.ts, that call lands in the dist/ chunk holding the enums
 * (entries are bundled with shared chunks), and a consumer bundling one enum from `gatewire` keeps
 * all of them: 33 KB instead of 3 KB. Taken of this module, it stays in the redis entry.
 */
export * from '../../generated/enums.js';
