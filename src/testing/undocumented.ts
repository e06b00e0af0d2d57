/**
 * Keys the real gateway sends that Discord's docs do not list, which gatewire's validators in
 * strict mode therefore report as unrecognized (measured on captured traffic:
 * ../shared/research/measured-2026-12/schema-fidelity.md, finding 10). The test gateway sends them
 * too (options `trace` and `undocumentedFields`), so clients meet what Discord really sends.
 */
export const UNDOCUMENTED_FRAME_KEYS: readonly string[] = [
  '/d/_trace',
  '/d/session_type',
  '/d/geo_ordered_rtc_regions',
  '/d/private_channels',
  '/d/relationships',
  '/d/guild_join_requests',
  '/d/game_relationships',
  '/d/auth',
  '/d/user_settings',
  '/d/presences',
];
