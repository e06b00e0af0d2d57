/**
 * Runtime validation of gateway payloads (`gatewire/validate`).
 *
 * Every entry point dispatches on `op` and then on `t`, so a payload is checked against exactly one
 * frame schema; union members are never tried one after another. Two engines validate from the
 * same IR: the compiled validators (generated/validators.ts check functions, with the shape
 * description walked here for issues, strip and strict mode; no eval) and the generated zod
 * schemas (generated/zod.ts).
 */
export * from './parse.js';
export { GatewayValidationError, ValidationEngineMismatchError, describeIssue } from './errors.js';
export { kindOf, MAX_ISSUES, type ValidationIssue, type ValidationIssueCode } from './issues.js';
export { bindValidators, type BoundValidators, type CompiledValidator, type Strictness } from './compiled.js';
export * from './validators.js';
// One type guard per declaration (`isAPIMessage`, …), and the tables the runtime binds.
export * from '../../generated/validators.js';
