// The stack's Lambda functions as monitoring sees them: every one, however it was made, with its metrics.
import { CfnResource, type Duration, type Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';

/** A Lambda function of the stack, named by its construct path (`Payout`), whatever construct made it. */
export interface MonitoredFunction {
  label: string;
  /** The deployed function's name (a reference to it). */
  functionName: string;
  resource: CfnResource;
}

/** Every AWS::Lambda::Function in the stack, CDK's own providers included, so none goes without its alarms. */
export function functionsOf(stack: Stack): MonitoredFunction[] {
  return stack.node
    .findAll()
    .filter(
      (c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function',
    )
    .map((resource) => ({
      label: resource.node.scopes
        .slice(resource.node.scopes.indexOf(stack) + 1)
        .map((scope) => scope.node.id)
        .filter((id) => id !== 'Function' && id !== 'Resource')
        .join('')
        .replace(/[^A-Za-z0-9]/g, ''),
      functionName: resource.ref,
      resource,
    }));
}

/** A graph labels each line with the function's name; an alarm reads the plain metric. */
export const lambdaMetric = (
  fn: MonitoredFunction,
  metricName: string,
  statistic: string,
  period: Duration,
  labelled = false,
) =>
  new Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { FunctionName: fn.functionName },
    statistic,
    period,
    ...(labelled ? { label: fn.label } : {}),
  });
