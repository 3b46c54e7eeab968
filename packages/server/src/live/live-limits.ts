/** Limits of the live WebSocket protocol (LIVE.md), shared by the hub and the device gateways. */
export const LIVE_LIMITS = {
  /** Position updates are batched per client and sent this often. */
  flushIntervalMs: 250,
  /** A reconnect further behind than this gets a fresh snapshot instead of a replay. */
  maxReplayEvents: 5000,
  /** Frames larger than this are answered with an error (the socket itself stops at 1 MiB). */
  maxFrameBytes: 256 * 1024,
  /** A console that reads slower than this much queued output is cut off and must resync. */
  maxBufferedBytes: 8 * 1024 * 1024,
} as const;
