// The sessions screen: where visits came from, where they landed, and how
// long they lasted.
import { apiPath } from './api-client';
import type { SessionRow } from './api-types';
import { downloadCsv, slug, toCsv } from './csv';
import { type Column, renderTable } from './data-table';
import type { DateRange } from './date-range';
import { byId, el, statusSetter, urlNode } from './dom';
import { formatCount, formatDateTime, formatDuration } from './format';
import { humanize } from './labels';
import type { ViewContext } from './view-context';

/** Sessions asked for at a time: the API's largest page. */
const SESSIONS_PAGE = 1000;

interface SessionsAnswer {
  sessions: SessionRow[];
  /** Continues the list; null (or absent, older collectors) at its end. */
  next?: string | null;
}

function durationMs(s: SessionRow): number {
  return Date.parse(s.endedAt) - Date.parse(s.startedAt) || 0;
}

function journeyButton(
  session: SessionRow,
  openJourney: (contactId: string) => void,
): Node {
  const contactId = session.contactId;
  if (!contactId) return document.createTextNode('—');
  const button = el(
    'button',
    {
      type: 'button',
      class: 'link-button',
      'aria-label': `Show the journey of contact ${contactId}`,
    },
    'Journey',
  );
  button.addEventListener('click', () => openJourney(contactId));
  return button;
}

const COLUMNS: Column<SessionRow>[] = [
  {
    id: 'started',
    label: 'Started',
    nowrap: true,
    text: (s) => formatDateTime(s.startedAt),
    sortValue: (s) => Date.parse(s.startedAt) || 0,
    csv: (s) => s.startedAt,
  },
  {
    id: 'source',
    label: 'Source',
    text: (s) => humanize(s.source),
    csv: (s) => s.source,
  },
  {
    id: 'country',
    label: 'Country',
    text: (s) => s.country ?? '',
  },
  {
    id: 'landing',
    label: 'Landing page',
    text: (s) => s.landingUrl ?? '',
    cell: (s) => urlNode(s.landingUrl),
  },
  {
    id: 'campaign',
    label: 'UTM campaign',
    text: (s) => s.utm?.campaign ?? '',
  },
  {
    id: 'views',
    label: 'Page views',
    numeric: true,
    text: (s) => formatCount(s.events),
    sortValue: (s) => s.events,
    csv: (s) => s.events,
  },
  {
    id: 'duration',
    label: 'Duration',
    numeric: true,
    text: (s) => formatDuration(durationMs(s)),
    sortValue: durationMs,
    csv: (s) => Math.round(durationMs(s) / 1000),
  },
];

/**
 * Wires the sessions screen; the returned function reloads it. A session
 * of an identified visitor links to its contact's journey.
 */
export function createSessionsView(
  ctx: ViewContext,
  range: () => DateRange,
  openJourney: (contactId: string) => void,
): () => void {
  const columns: Column<SessionRow>[] = [
    ...COLUMNS,
    {
      id: 'contact',
      label: 'Contact',
      text: (s) => s.contactId ?? '',
      cell: (s) => journeyButton(s, openJourney),
    },
  ];
  const host = byId('sessions-table', HTMLElement);
  const status = byId('sessions-status', HTMLElement);
  const csvButton = byId('sessions-csv', HTMLButtonElement);
  const results = byId('sessions-results', HTMLElement);
  const moreButton = byId('sessions-more', HTMLButtonElement);
  let getCsv: (() => (string | number)[][]) | undefined;
  let controller: AbortController | undefined;
  // What is listed so far, newest first, and where the list goes on.
  let shown: SessionRow[] = [];
  let next: string | null = null;

  const setStatus = statusSetter(status);

  const render = (): void => {
    getCsv = renderTable(host, {
      caption: 'Sessions',
      columns,
      rows: shown,
      sort: { column: 'started', descending: true },
      rowAttrs: (s) => ({ 'data-session': s.id }),
    });
    csvButton.disabled = false;
    moreButton.hidden = next === null;
    setStatus(
      next === null ? '' : 'note',
      next === null
        ? ''
        : `Showing the newest ${formatCount(shown.length)} sessions of ` +
            'the range.',
    );
  };

  /** Loads the range's newest sessions, or with `more` the page after. */
  const load = async (more = false): Promise<void> => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const { from, to } = range();
    results.setAttribute('aria-busy', 'true');
    csvButton.disabled = true;
    moreButton.disabled = true;
    setStatus('loading', 'Loading sessions…');
    try {
      const answer = await ctx.get<SessionsAnswer>(
        apiPath('/v1/sessions', {
          from,
          to,
          order: 'desc',
          limit: String(SESSIONS_PAGE),
          after: more && next !== null ? next : undefined,
        }),
        mine.signal,
      );
      if (mine.signal.aborted) return;
      shown = more ? [...shown, ...answer.sessions] : answer.sessions;
      next = answer.next ?? null;
      if (shown.length === 0) {
        host.replaceChildren();
        getCsv = undefined;
        moreButton.hidden = true;
        setStatus('empty', 'No sessions in this date range.');
        return;
      }
      render();
    } catch (err) {
      if (mine.signal.aborted) return;
      if (!more) {
        host.replaceChildren();
        getCsv = undefined;
        shown = [];
        next = null;
        moreButton.hidden = true;
      }
      setStatus('error', ctx.messageOf(err));
    } finally {
      // A failed next page leaves the rows listed so far, CSV included.
      csvButton.disabled = getCsv === undefined;
      moreButton.disabled = false;
      if (controller === mine) results.removeAttribute('aria-busy');
    }
  };

  moreButton.addEventListener('click', () => void load(true));

  csvButton.addEventListener('click', () => {
    if (!getCsv) return;
    downloadCsv(`sessions_${slug(range().label)}.csv`, toCsv(getCsv()));
  });
  return () => void load();
}
