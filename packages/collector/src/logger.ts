type Level = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<Level, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

let minimumRank = LEVEL_RANK.info;

/** Sets the lowest level written, from the LOG_LEVEL variable. */
export function setLogLevel(level: string | undefined): void {
  if (level && level in LEVEL_RANK) minimumRank = LEVEL_RANK[level as Level];
}

/**
 * Writes one JSON line per event. Fields must never carry secrets, keys,
 * raw IP addresses or request bodies.
 */
export function log(
  level: Level,
  event: string,
  fields: Record<string, unknown> = {},
): void {
  if (LEVEL_RANK[level] < minimumRank) return;
  const line = JSON.stringify({ level, event, ...fields });
  // The logger is the one place allowed to write to the console.
  if (level === 'error') console.error(line);
  else console.log(line);
}
