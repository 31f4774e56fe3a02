import type { WireEventInput } from '../schemas/wire';
import { assetUrlOf, parseUrl } from '../sources/campaign';

/** Bound parameters per D1 statement stay under D1's limit of 100. */
const URLS_PER_QUERY = 90;

interface AssetRow {
  url: string;
  content_type: string;
  effective_from: number;
}

/** An event with the time the collector received it. */
export interface ReceivedEvent {
  event: WireEventInput;
  receivedAt: number;
}

/**
 * Decides the content type in force for each event, going forward only:
 * the type the page pushed (recorded in `assets` when it is new for that
 * URL), else the latest `assets` row whose effective_from is at or before
 * the event's arrival. Returns event id → content type for the typed
 * events only: an event missing from the map is untyped.
 */
export async function resolveContentTypes(
  db: D1Database,
  portalId: string,
  received: readonly ReceivedEvent[],
): Promise<Map<string, string>> {
  // Parsed once per distinct page: a batch mostly repeats the same ones.
  const assetUrls = new Map<string, string | null>();
  for (const { event } of received) {
    if (assetUrls.has(event.u)) continue;
    const url = parseUrl(event.u);
    assetUrls.set(event.u, url ? assetUrlOf(url) : null);
  }
  const pages = [...new Set(assetUrls.values())].filter(
    (url): url is string => url !== null,
  );
  const history = await loadHistory(db, portalId, pages);

  const types = new Map<string, string>();
  const inserts: D1PreparedStatement[] = [];
  for (const { event, receivedAt } of received) {
    const url = assetUrls.get(event.u);
    const rows = url ? history.get(url) : undefined;
    const inForce = rows ? latestAt(rows, receivedAt) : null;
    if (!event.ct || !url) {
      if (inForce) types.set(event.i, inForce.content_type);
      continue;
    }
    types.set(event.i, event.ct);
    if (inForce?.content_type === event.ct) continue;
    const row = { url, content_type: event.ct, effective_from: receivedAt };
    if (rows) rows.push(row);
    else history.set(url, [row]);
    inserts.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO assets (portal_id, url, content_type,
           effective_from) VALUES (?, ?, ?, ?)`,
        )
        .bind(portalId, url, event.ct, receivedAt),
    );
  }
  if (inserts.length > 0) await db.batch(inserts);
  return types;
}

function latestAt(rows: readonly AssetRow[], at: number): AssetRow | null {
  let best: AssetRow | null = null;
  for (const row of rows) {
    if (row.effective_from > at) continue;
    if (!best || row.effective_from >= best.effective_from) best = row;
  }
  return best;
}

async function loadHistory(
  db: D1Database,
  portalId: string,
  urls: string[],
): Promise<Map<string, AssetRow[]>> {
  const history = new Map<string, AssetRow[]>();
  for (let i = 0; i < urls.length; i += URLS_PER_QUERY) {
    const chunk = urls.slice(i, i + URLS_PER_QUERY);
    const marks = chunk.map(() => '?').join(', ');
    const { results } = await db
      .prepare(
        `SELECT url, content_type, effective_from FROM assets
         WHERE portal_id = ? AND url IN (${marks})`,
      )
      .bind(portalId, ...chunk)
      .all<AssetRow>();
    for (const row of results) {
      const rows = history.get(row.url) ?? [];
      rows.push(row);
      history.set(row.url, rows);
    }
  }
  return history;
}
