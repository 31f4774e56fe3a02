// One contact's journey: find the contact by email, then list its
// interactions in order with their positions and each model's credit.
import { apiPath } from './api-client';
import type {
  ContactRow,
  JourneyAnswer,
  JourneyInteraction,
  ModelName,
  ReportKind,
} from './api-types';
import { MODEL_LABELS, modelsFor, REPORTS } from './catalog';
import { downloadCsv, slug, toCsv } from './csv';
import { type Column, renderTable } from './data-table';
import { byId, el, statusSetter, urlNode } from './dom';
import { formatDateTime, formatDayAndTime, formatShare } from './format';
import { journeyHeading } from './journey-heading';
import { humanize } from './labels';
import type { ViewContext } from './view-context';

// Nine model columns beside the journey need short headers to fit.
const SHORT_MODEL_LABELS: Record<ModelName, string> = {
  linear: 'Linear',
  first_interaction: 'First',
  last_interaction: 'Last',
  u_shaped: 'U\u2011shape',
  w_shaped: 'W\u2011shape',
  full_path: 'Full path',
  j_shaped: 'J\u2011shape',
  inverse_j: 'Inverse J',
  time_decay: 'Time decay',
};

interface ContactsAnswer {
  contacts: ContactRow[];
}

interface Step extends JourneyInteraction {
  order: number;
}

function stepTitle(s: Step): string {
  return s.title || s.url || humanize(s.type);
}

function columnsFor(models: readonly ModelName[]): Column<Step>[] {
  return [
    {
      id: 'order',
      label: '#',
      numeric: true,
      text: (s) => String(s.order),
      sortValue: (s) => s.order,
      csv: (s) => s.order,
    },
    {
      id: 'at',
      label: 'When',
      nowrap: true,
      text: (s) => formatDateTime(s.at),
      cell: (s) => {
        const [date, clock] = formatDayAndTime(s.at);
        return el(
          'div',
          { class: 'when' },
          el('span', {}, date),
          el('span', { class: 'muted' }, clock),
        );
      },
      sortValue: (s) => Date.parse(s.at) || 0,
      csv: (s) => s.at,
    },
    {
      id: 'interaction',
      label: 'Interaction',
      text: stepTitle,
      csv: (s) => s.title ?? '',
      cell: (s) =>
        el(
          'div',
          { class: 'step' },
          el('span', { class: 'step-title' }, stepTitle(s)),
          el(
            'span',
            { class: 'step-meta' },
            s.source
              ? `${humanize(s.type)} · ${humanize(s.source)}`
              : humanize(s.type),
          ),
          s.url ? el('span', { class: 'step-url' }, urlNode(s.url)) : null,
        ),
    },
    {
      id: 'url',
      label: 'URL',
      text: (s) => s.url ?? '',
      csvOnly: true,
    },
    {
      id: 'source',
      label: 'Source',
      text: (s) => (s.source ? humanize(s.source) : '—'),
      csv: (s) => s.source ?? '',
      csvOnly: true,
    },
    {
      id: 'positions',
      label: 'Positions',
      text: (s) => s.positions.map(humanize).join(', '),
      csv: (s) => s.positions.join(' '),
      cell: (s) =>
        el(
          'div',
          { class: 'badges' },
          ...s.positions.map((p) =>
            el('span', { class: 'badge', 'data-position': p }, humanize(p)),
          ),
        ),
    },
    ...models.map(
      (m): Column<Step> => ({
        id: `credit:${m}`,
        label: MODEL_LABELS[m],
        short: SHORT_MODEL_LABELS[m],
        numeric: true,
        text: (s) => {
          const share = s.credit[m];
          return share === undefined ? '—' : formatShare(share);
        },
        sortValue: (s) => s.credit[m] ?? -1,
        csv: (s) => s.credit[m] ?? '',
      }),
    ),
  ];
}

/**
 * Wires the journey screen; the returned function opens one contact's
 * journey by id (from a session row).
 */
export function createJourneyView(
  ctx: ViewContext,
): (contactId: string) => void {
  const form = byId('journey-form', HTMLFormElement);
  const emailInput = byId('journey-email', HTMLInputElement);
  const reportSelect = byId('journey-report', HTMLSelectElement);
  const dealField = byId('journey-deal-field', HTMLElement);
  const dealSelect = byId('journey-deal', HTMLSelectElement);
  const matches = byId('journey-matches', HTMLElement);
  const heading = byId('journey-heading', HTMLElement);
  const host = byId('journey-table', HTMLElement);
  const status = byId('journey-status', HTMLElement);
  const csvButton = byId('journey-csv', HTMLButtonElement);
  let getCsv: (() => (string | number)[][]) | undefined;
  let contact: ContactRow | undefined;

  reportSelect.replaceChildren(
    ...REPORTS.map((r) => el('option', { value: r.value }, r.label)),
  );

  const setStatus = statusSetter(status);

  const clear = (): void => {
    host.replaceChildren();
    heading.replaceChildren();
    csvButton.disabled = true;
    getCsv = undefined;
  };

  // A contact with several deals: pick which one's journey to show.
  const offerDeals = (answer: JourneyAnswer): void => {
    const deals = answer.deals ?? [];
    dealField.hidden = deals.length < 2;
    dealSelect.replaceChildren(
      ...deals.map((d) =>
        el(
          'option',
          { value: d.id },
          `${d.name} · ${formatDayAndTime(d.createdAt)[0]}`,
        ),
      ),
    );
    if (answer.deal) dealSelect.value = answer.deal.id;
  };

  const showJourney = async (
    chosen: ContactRow,
    dealId?: string,
  ): Promise<void> => {
    contact = chosen;
    const report = reportSelect.value as ReportKind;
    clear();
    if (dealId === undefined) dealField.hidden = true;
    setStatus('loading', 'Loading journey…');
    try {
      const answer = await ctx.get<JourneyAnswer>(
        apiPath(`/v1/contacts/${encodeURIComponent(chosen.id)}/journey`, {
          report,
          deal: dealId,
        }),
      );
      offerDeals(answer);
      heading.append(...journeyHeading(answer, report));
      if (answer.interactions.length === 0) {
        const leftOut = Object.keys(answer.excluded ?? {}).length > 0;
        setStatus(
          'empty',
          leftOut
            ? 'This journey is left out of the report (see above), so ' +
                'there is no credit to show.'
            : 'This contact has no recorded interactions.',
        );
        return;
      }
      setStatus('', '');
      const steps = answer.interactions.map((s, i) => ({ ...s, order: i + 1 }));
      getCsv = renderTable(host, {
        caption: 'Journey',
        columns: columnsFor(modelsFor(report)),
        rows: steps,
        sort: { column: 'order', descending: false },
        rowAttrs: (s) => ({
          'data-interaction': s.id,
          class: s.positions.length > 0 ? 'has-position' : '',
        }),
      });
      csvButton.disabled = false;
    } catch (err) {
      setStatus('error', ctx.messageOf(err));
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = emailInput.value.trim();
    matches.replaceChildren();
    contact = undefined;
    clear();
    if (!email) {
      setStatus('error', 'Enter an email address to find a contact.');
      emailInput.focus();
      return;
    }
    setStatus('loading', 'Looking up contact…');
    try {
      const answer = await ctx.get<ContactsAnswer>(
        apiPath('/v1/contacts', { email }),
      );
      const found = answer.contacts;
      if (found.length === 0) {
        setStatus('empty', `No contact has the email ${email}.`);
        return;
      }
      if (found.length > 1) showMatches(found);
      await showJourney(found[0] as ContactRow);
    } catch (err) {
      setStatus('error', ctx.messageOf(err));
    }
  });

  const showMatches = (found: ContactRow[]): void => {
    matches.append(
      el('p', { class: 'muted' }, `${found.length} contacts share this email:`),
      ...found.map((c) => {
        const button = el(
          'button',
          { type: 'button', class: 'link-button' },
          `${c.id} (created ${formatDateTime(c.createdAt)})`,
        );
        button.addEventListener('click', () => void showJourney(c));
        return button;
      }),
    );
  };

  reportSelect.addEventListener('change', () => {
    if (contact) void showJourney(contact);
  });
  dealSelect.addEventListener('change', () => {
    if (contact) void showJourney(contact, dealSelect.value);
  });
  csvButton.addEventListener('click', () => {
    if (!getCsv || !contact) return;
    const parts = [contact.email ?? contact.id, reportSelect.value];
    if (!dealField.hidden) parts.push(dealSelect.value);
    downloadCsv(`journey_${parts.map(slug).join('_')}.csv`, toCsv(getCsv()));
  });

  return (contactId: string) => {
    emailInput.value = '';
    matches.replaceChildren();
    void showJourney({ id: contactId, email: null, createdAt: '', method: '' });
  };
}
