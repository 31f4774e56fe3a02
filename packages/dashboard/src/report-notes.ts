// Plain sentences for what a report left out or sampled.
import type { ReportAnswer } from './api-types';
import { formatCount } from './format';
import { humanize } from './labels';

const REASON_TEXT: Record<string, string> = {
  no_contacts: 'no associated contact',
  missing_contact_create_date: 'a contact without a create date',
  missing_create_date: 'no create date',
  missing_close_date: 'no close date',
  missing_amount: 'no amount',
  no_interactions: 'no recorded interactions',
  deal_before_contact:
    'deal created before its contact (W-shaped and full path give it ' +
    'no credit)',
  model_not_offered: 'model not offered by this report',
};

/** Words for an exclusion reason the engine reports. */
export function reasonText(reason: string): string {
  return REASON_TEXT[reason] ?? humanize(reason).toLowerCase();
}

/** One sentence per exclusion reason and one for sampled journeys. */
export function reportNotes(
  answer: ReportAnswer,
  noun: { one: string; many: string },
): string[] {
  const unit = (count: number): string =>
    `${formatCount(count)} ${count === 1 ? noun.one : noun.many}`;
  const notes: string[] = [];
  for (const [reason, count] of Object.entries(answer.excluded ?? {})) {
    if (count <= 0) continue;
    notes.push(`${unit(count)} left out: ${reasonText(reason)}.`);
  }

  const sampled = answer.sampled ?? [];
  if (sampled.length > 0) {
    notes.push(
      `${unit(sampled.length)} passed the cap on journey length; their ` +
        'credit comes from an even sample that keeps every key position.',
    );
  }
  return notes;
}
