/**
 * The compiled validators of this package's own schemas (generated/validators.ts), by declaration
 * name and by frame. Each is made when first looked up; the shape description behind issue
 * reports is parsed on the first report.
 */
import * as generated from '../../generated/validators.js';
import { bindValidators } from './compiled.js';

const bound = /* @__PURE__ */ bindValidators(generated);

/** The compiled validator of every declaration, by name. */
export const Validators = bound.Validators;
/** Dispatch frames (op 0) by `t`: the validator of the whole frame. */
export const GatewayDispatchValidators = bound.GatewayDispatchValidators;
/** Non-dispatch receive frames by `op`. */
export const GatewayReceiveOpValidators = bound.GatewayReceiveOpValidators;
/** Send frames by `op`. */
export const GatewaySendOpValidators = bound.GatewaySendOpValidators;
/** Every receive frame, dispatched on `op` then `t`. */
export const ReceiveFrameValidator = /* @__PURE__ */ (() => bound.ReceiveFrameValidator)();
/** Every send frame, dispatched on `op`. */
export const SendFrameValidator = /* @__PURE__ */ (() => bound.SendFrameValidator)();
