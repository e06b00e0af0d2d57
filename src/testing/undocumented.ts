/**
 * Keys the real gateway sends that Discord's docs do not list (measured on captured traffic:
 * ../shared/research/measured-2026-12/schema-fidelity.md, finding 10). gatewire's schemas carry
 * them as optional fields marked `x-undocumented`, so strict validation accepts them. The test
 * gateway sends them too (options `trace` and `undocumentedFields`), so clients meet what Discord
 * really sends.
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
