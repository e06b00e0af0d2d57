/**
 * `gatewire/protocol`: small, pure helpers around the gateway's rules — what a close code means,
 * which shard a guild lives on, the URLs to connect and resume at, and the identify and send rate
 * limits. The tables they read are generated from schemas/protocol/; the limiters take a clock and
 * never set timers.
 */
export {
  ClientCloseCodes,
  assertClientCloseCode,
  clientCloseCode,
  closeCodeAction,
  closeEndsSession,
  type CloseAction,
  type CloseDecision,
  type CloseInitiator,
} from './close-codes.js';
export { ProtocolError, type ProtocolErrorCode } from './errors.js';
export {
  IDENTIFY_INTERVAL,
  IdentifyScheduler,
  SESSION_START_PERIOD,
  type IdentifyPoll,
  type IdentifySchedulerOptions,
  type SessionStartLimit,
} from './identify-scheduler.js';
export {
  isReceiveOpcode,
  isSendOpcode,
  opcodeDirection,
  opcodeForCommand,
  type OpcodeDirection,
  type SendCommandName,
} from './opcodes.js';
export {
  SEND_LIMIT,
  SEND_LIMIT_PERIOD,
  SendLimiter,
  commandBudget,
  laneForOpcode,
  type Clock,
  type SendLane,
  type SendLimiterOptions,
} from './send-limiter.js';
export { isValidShard, rateLimitKey, shardForGuild, validateShard } from './shards.js';
export {
  gatewayUrl,
  resumeUrl,
  type GatewayCompression,
  type GatewayEncoding,
  type GatewayQuery,
  type GatewayUrlOptions,
} from './url.js';
