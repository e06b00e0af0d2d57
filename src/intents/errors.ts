import { GatewireError } from '../errors.js';

/** Stable codes of {@link IntentsError}. */
export type IntentsErrorCode =
  /** An event name that is neither a dispatch nor a receive frame of the gateway. */
  | 'INTENTS_UNKNOWN_EVENT'
  /** An intent name that is neither a current nor a former intent name. */
  | 'INTENTS_UNKNOWN_NAME'
  /** An option has a value outside its documented set (e.g. a scope other than guild, dm, both). */
  | 'INTENTS_INVALID_OPTION'
  /** The mask is not a non-negative safe integer. */
  | 'INTENTS_INVALID_MASK'
  /** The mask has bits that are not intents: Discord would close with 4013. */
  | 'INTENTS_UNKNOWN_BITS'
  /** The mask has privileged intents the application has not enabled: Discord would close with 4014. */
  | 'INTENTS_DISALLOWED';

/** Everything that goes wrong while turning events into intents or checking a mask. */
export class IntentsError extends GatewireError {
  declare readonly code: IntentsErrorCode;
  /** JSON pointer into the caller's input (`/3` for the fourth event of a list), when there is one. */
  readonly path: string | undefined;
  /** The offending event or intent names, or the offending bit values, in input order. */
  readonly offending: readonly (string | number)[];
  /** The close code Discord would send for this mask, for the two mask errors. */
  readonly closeCode: 4013 | 4014 | undefined;

  constructor(
    code: IntentsErrorCode,
    message: string,
    details: {
      path?: string;
      offending?: readonly (string | number)[];
      closeCode?: 4013 | 4014;
    } = {},
  ) {
    super(code, message);
    this.path = details.path;
    this.offending = details.offending ?? [];
    this.closeCode = details.closeCode;
  }
}
