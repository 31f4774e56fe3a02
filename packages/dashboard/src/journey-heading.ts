// The lines above a journey: who, which deal, and what the models left out.
import type { JourneyAnswer, ReportKind } from './api-types';
import { MODEL_LABELS, modelsFor } from './catalog';
import { el } from './dom';
import { formatDateTime, formatMoney } from './format';
import { reasonText } from './report-notes';

function isModel(name: string): name is keyof typeof MODEL_LABELS {
  return name in MODEL_LABELS;
}

/** Heading nodes for a journey answer; every value goes in as text. */
export function journeyHeading(
  answer: JourneyAnswer,
  report: ReportKind,
): Node[] {
  const { contact, deal } = answer;
  const count = answer.interactions.length;
  const created = `Contact created ${formatDateTime(contact.createdAt)}`;
  const nodes: Node[] = [
    el('h3', {}, contact.email ?? contact.id),
    el(
      'p',
      { class: 'muted' },
      count === 0
        ? created
        : `${created} · ${count} ${count === 1 ? 'interaction' : 'interactions'}`,
    ),
  ];
  if (deal) {
    const parts = [`Deal: ${deal.name}`];
    if (deal.amount !== null) {
      parts.push(formatMoney(deal.amount, deal.currency));
    }
    parts.push(`created ${formatDateTime(deal.createdAt)}`);
    if (deal.closedAt) parts.push(`closed ${formatDateTime(deal.closedAt)}`);
    nodes.push(el('p', { class: 'muted' }, parts.join(' · ')));
  }

  // { model: reason } → one sentence per reason naming its models.
  const byReason = new Map<string, string[]>();
  for (const [model, reason] of Object.entries(answer.excluded ?? {})) {
    const names = byReason.get(reason) ?? [];
    names.push(isModel(model) ? MODEL_LABELS[model] : model);
    byReason.set(reason, names);
  }
  const offered = modelsFor(report).length;
  const notes = [...byReason].map(([reason, models]) =>
    el(
      'li',
      {},
      models.length >= offered
        ? `No model gives this journey credit: ${reasonText(reason)}.`
        : `${models.join(', ')}: no credit for this journey ` +
            `(${reasonText(reason)}).`,
    ),
  );
  if (answer.sampled) {
    notes.push(
      el(
        'li',
        {},
        'This journey passed the cap on length; credit comes from an even ' +
          'sample that keeps every key position.',
      ),
    );
  }
  if (notes.length > 0) nodes.push(el('ul', { class: 'notes' }, ...notes));
  return nodes;
}
