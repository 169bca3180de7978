// Business metrics go out as shared/business-metrics.ts declares them: the alarms and the dashboard read those names.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUSINESS_METRICS } from '../../shared/business-metrics.ts';
import { metrics, recordMetric } from '../../shared/observability.ts';

afterEach(() => vi.restoreAllMocks());

describe('recording a business metric', () => {
  it('adds a plain count to the invocation’s metrics under its declared name and unit', () => {
    // Prepare
    const added = vi.spyOn(metrics, 'addMetric');

    // Act
    recordMetric('PaymentsPaidFen', 4_800_000);

    // Assess
    expect(added).toHaveBeenCalledWith('PaymentsPaidFen', BUSINESS_METRICS.PaymentsPaidFen.unit, 4_800_000);
  });

  it('sends one with a dimension on its own, carrying that dimension', () => {
    // Prepare
    const single = { addDimension: vi.fn(), addMetric: vi.fn() };
    vi.spyOn(metrics, 'singleMetric').mockReturnValue(
      single as unknown as ReturnType<typeof metrics.singleMetric>,
    );
    const added = vi.spyOn(metrics, 'addMetric');

    // Act
    recordMetric('Decisions', 1, 'reject');

    // Assess
    expect(single.addDimension).toHaveBeenCalledWith('outcome', 'reject');
    expect(single.addMetric).toHaveBeenCalledWith('Decisions', BUSINESS_METRICS.Decisions.unit, 1);
    expect(added).not.toHaveBeenCalled();
  });
});
