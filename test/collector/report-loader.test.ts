import { env } from 'cloudflare:workers';
import type { Conversion } from '@stack/attribution';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConversions } from '../../packages/collector/src/report/load-conversions';
import { TOUCH_COLUMNS } from '../../packages/collector/src/report/touch-columns';
import { seedScenario } from './report-scenario';

const MARCH = {
  kind: 'range' as const,
  from: Date.UTC(2026, 2, 1),
  to: Date.UTC(2026, 3, 1) - 1,
};
const DIMENSIONS = [...Object.keys(TOUCH_COLUMNS), 'company', 'lead_source'];

beforeAll(async () => {
  await seedScenario('loader');
});

function comparable(conversions: Conversion[]) {
  return conversions
    .map((c) => ({
      ...c,
      touches: [...c.touches].sort((a, b) => a.seq - b.seq),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('loadConversions', () => {
  for (const report of ['contact-create', 'deal-create', 'revenue'] as const) {
    it(`reads the same ${report} journeys packed and one row per touch`, async () => {
      const load = {
        db: env.DB,
        portalId: 'loader',
        report,
        scope: MARCH,
        dimensions: DIMENSIONS,
        journey: true,
      };
      const packed = await loadConversions(load);
      const rows = await loadConversions({ ...load, rows: true });
      expect(packed.conversions.length).toBeGreaterThan(0);
      expect(comparable(packed.conversions)).toEqual(
        comparable(rows.conversions),
      );
      expect(packed.extras).toEqual(rows.extras);
    });
  }

  it('marks the recorded creation of each contact', async () => {
    const { conversions } = await loadConversions({
      db: env.DB,
      portalId: 'loader',
      report: 'contact-create',
      scope: MARCH,
      dimensions: [],
    });
    const creations = conversions
      .flatMap((c) => c.touches)
      .filter((t) => t.createsContact)
      .map((t) => t.id)
      .sort();
    expect(creations).toEqual(['a3', 'contact_create:c2']);
  });
});
