// Reads a business metric of shared/business-metrics.ts the way CloudWatch files it: per emitting function (and per
// value of its dimension), added up into one line for an alarm or a graph.
import type { Duration } from 'aws-cdk-lib';
import { type IMetric, MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import {
  BUSINESS_METRICS,
  type BusinessMetric,
  type BusinessMetricKey,
  METRICS_NAMESPACE,
} from '../../../shared/business-metrics.ts';
import { serviceNameOf } from '../platform-function.ts';

export interface BusinessMetricOptions {
  statistic: string;
  period: Duration;
  /** For a graph's legend; an alarm reads the plain metric. */
  label?: string;
  /** One value of the metric's own dimension (Decisions whose outcome is 'approve'); all of them when not given. */
  dimensionValue?: string;
}

export function businessMetric(key: BusinessMetricKey, options: BusinessMetricOptions): IMetric {
  const declared: BusinessMetric = BUSINESS_METRICS[key];
  const { statistic, period, label, dimensionValue } = options;
  const { dimension } = declared;
  const values = dimension ? (dimensionValue ? [dimensionValue] : dimension.values) : [undefined];
  const series = declared.emittedBy.flatMap((folder) =>
    values.map(
      (value) =>
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: declared.name,
          dimensionsMap: {
            service: serviceNameOf(folder),
            ...(dimension && value !== undefined ? { [dimension.name]: value } : {}),
          },
          statistic,
          period,
          ...(label === undefined ? {} : { label }),
        }),
    ),
  );
  const [only] = series;
  if (only && series.length === 1) return only;
  const ids = series.map((_, i) => `s${i}`);
  // A series with no count in a period has no datapoint there, so each is filled with 0 before they are combined;
  // a gauge (Maximum) combines as the largest, a count as the sum.
  const filled = ids.map((id) => `FILL(${id}, 0)`);
  return new MathExpression({
    expression: statistic === Stats.MAXIMUM ? `MAX([${filled.join(', ')}])` : filled.join(' + '),
    usingMetrics: Object.fromEntries(series.map((metric, i) => [ids[i], metric])),
    period,
    label: label ?? key,
  });
}
