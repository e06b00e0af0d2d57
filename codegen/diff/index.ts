/**
 * Schema diff: `diffIR` compares two IRs and returns the classified report; `diffSchemas` builds
 * both IRs through the same pipeline as `codegen` and adds schema-file locations (./diff.ts).
 */
export type * from './model.js';
export { diffIR, diffSchemas, type DiffOptions, type DiffSchemasOptions } from './diff.js';
export { DiffError, DiffInputError, type DiffErrorCode } from './errors.js';
export { readRawSchemaFiles, type RawSchemaFiles } from './locate.js';
export { renderJson, renderMarkdown, renderText } from './render.js';
