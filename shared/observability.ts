// One logger, metrics and tracer per function process, named by the function's environment.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type middy from '@middy/core';
import { BUSINESS_METRICS, type BusinessMetricKey, METRICS_NAMESPACE } from './business-metrics.ts';

export const logger = new Logger();
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
});
export const tracer = new Tracer();

/**
 * Publishes the business metrics an invocation recorded, when it recorded any: a read records none, and Powertools'
 * own middleware would log "No application metrics to publish" for each.
 */
export const publishMetrics = (): middy.MiddlewareObj => {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
};

/**
 * Records a business metric as shared/business-metrics.ts declares it. One with a dimension (a decision's outcome, a
 * discrepancy's type) goes out on its own, carrying that dimension alone, so its alarms and graphs find it.
 */
export function recordMetric(key: BusinessMetricKey, value: number, dimension?: string): void {
  const metric = BUSINESS_METRICS[key];
  if ('dimension' in metric && dimension !== undefined) {
    const single = metrics.singleMetric();
    single.addDimension(metric.dimension.name, dimension);
    single.addMetric(metric.name, metric.unit, value);
    return;
  }
  metrics.addMetric(metric.name, metric.unit, value);
}
