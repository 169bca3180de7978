// Alarms reach someone and the dashboard shows the platform: held to the synthesized template, in both partitions.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MathExpression, type Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/lib/app.ts';
import { businessMetric } from '../../infra/lib/constructs/business-metric.ts';
import { BUSINESS_METRICS, METRICS_NAMESPACE } from '../../shared/business-metrics.ts';
import { CHINA_CONTEXT, PRODUCTION_CONTEXT } from '../support/deployment-context.ts';
import { isPlatformFunction } from '../support/platform-functions.ts';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** Synthesizes without bundling the functions' code: these tests read the template, never the bundles. */
const synth = (context: Record<string, unknown> = {}) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'huiqi-monitoring-'));
  outdirs.push(outdir);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir });
  const { stack } = buildApp(app);
  const template = Template.fromStack(stack);
  const resources: Resources = template.toJSON().Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [topicId] = ofType('AWS::SNS::Topic').map(([id]) => id);
  return { app, template, ofType, topicId, json: JSON.stringify(template.toJSON()) };
};

describe('monitoring', () => {
  const standard = synth();
  const alarms = standard.ofType('AWS::CloudWatch::Alarm');
  const alarmsOn = (metricName: string, dimension: Record<string, unknown>) =>
    alarms.filter(
      ([, { Properties: p }]) =>
        p.MetricName === metricName && JSON.stringify(p.Dimensions).includes(JSON.stringify(dimension)),
    );

  it('sends every alarm to the one alarm topic', () => {
    // Assess
    expect(standard.ofType('AWS::SNS::Topic')).toHaveLength(1);
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, { Properties: p }] of alarms) {
      expect({ id, actions: p.AlarmActions }).toEqual({ id, actions: [{ Ref: standard.topicId }] });
    }
  });

  it('encrypts the topic with a rotated key of its own that CloudWatch may use, and lets only alarms publish', () => {
    // Assess
    standard.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmTopicKey'), 'Arn'] },
    });
    standard.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      }),
    });
    standard.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': Match.anyValue() } }),
          }),
        ]),
      }),
    });
  });

  it('raises an alarm on every dead-letter queue', () => {
    // Prepare: the queues some queue's redrive policy sets failures aside in.
    const deadLetterQueues = standard.ofType('AWS::SQS::Queue').flatMap(([, { Properties: p }]) => {
      const redrive = p.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt': string[] } } | undefined;
      return redrive?.deadLetterTargetArn ? [redrive.deadLetterTargetArn['Fn::GetAtt'][0]] : [];
    });
    // Assess
    expect(deadLetterQueues).toHaveLength(2);
    for (const queue of deadLetterQueues) {
      const found = alarmsOn('ApproximateNumberOfMessagesVisible', {
        Name: 'QueueName',
        Value: { 'Fn::GetAtt': [queue, 'QueueName'] },
      });
      expect({ queue, found: found.length }).toEqual({ queue, found: 1 });
    }
    // The payout queue's alarm keeps the identity it was deployed with.
    expect(alarms.map(([id]) => id)).toContainEqual(expect.stringMatching(/^PayoutDeadLetterAlarm/));
  });

  it('raises an errors and a throttles alarm for every function the stack makes', () => {
    const functions = standard.ofType('AWS::Lambda::Function').map(([id]) => id);
    expect(functions.length).toBeGreaterThanOrEqual(15);
    for (const fn of functions) {
      const dimension = { Name: 'FunctionName', Value: { Ref: fn } };
      expect({ fn, errors: alarmsOn('Errors', dimension).length }).toEqual({ fn, errors: 1 });
      expect({ fn, throttles: alarmsOn('Throttles', dimension).length }).toEqual({ fn, throttles: 1 });
    }
  });

  it('raises alarms on failed, timed-out and aborted executions of the approval chain', () => {
    const [machine] = standard.ofType('AWS::StepFunctions::StateMachine').map(([id]) => id);
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      const found = alarmsOn(metricName, { Name: 'StateMachineArn', Value: { Ref: machine } });
      expect({ metricName, found: found.length }).toEqual({ metricName, found: 1 });
    }
  });

  it('raises alarms on the HTTP API’s server errors and its p99 latency', () => {
    standard.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Statistic: 'Sum',
    });
    standard.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
    });
  });

  it('raises business alarms on the emitters’ Powertools metrics, quiet when nothing is emitted', () => {
    for (const key of ['PaymentsFailed', 'PaymentsHeld', 'StuckCases'] as const) {
      const [emitter] = BUSINESS_METRICS[key].emittedBy;
      standard.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: METRICS_NAMESPACE,
        MetricName: key,
        Dimensions: [{ Name: 'service', Value: `huiqi-${emitter}` }],
        TreatMissingData: 'notBreaching',
      });
    }
    // Discrepancies are counted per type, so the alarm adds the types up.
    standard.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ Namespace: METRICS_NAMESPACE, MetricName: 'Discrepancies' }),
          }),
        }),
      ]),
    });
  });

  it('declares each business metric under its own name, emitted by functions that exist', () => {
    for (const [key, metric] of Object.entries(BUSINESS_METRICS)) {
      expect(metric.name).toBe(key);
      for (const folder of metric.emittedBy) {
        expect(existsSync(path.join('functions', folder, 'handler.ts')), `${key}: functions/${folder}`).toBe(
          true,
        );
      }
    }
    // The functions are told the namespace the metrics are read from.
    const ours = isPlatformFunction(standard.template.toJSON().Resources);
    for (const [, fn] of standard.ofType('AWS::Lambda::Function').filter(([id]) => ours(id))) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    }
  });

  it('adds up a business metric emitted by more than one function', () => {
    // Act
    const returned = businessMetric('PaymentsReturned', { statistic: Stats.SUM, period: Duration.hours(1) });
    // Assess
    expect(returned).toBeInstanceOf(MathExpression);
    const series = Object.values((returned as MathExpression).usingMetrics) as Metric[];
    expect(series.map((metric) => metric.dimensions?.service).sort()).toEqual([
      'huiqi-payout',
      'huiqi-payout-sweep',
    ]);
  });

  it('subscribes the addresses, numbers and webhook given in context, and nobody when none are', () => {
    // Prepare / Act
    const fromCommandLine = synth({
      alarmEmails: 'it@dingnan.gov.cn, duty@dingnan.gov.cn',
      alarmSms: '+8613800000000',
      alarmWebhook: 'https://duty.dingnan.gov.cn/alarms',
    });
    const fromCdkJson = synth({ alarmEmails: ['it@dingnan.gov.cn'] });
    // Assess
    const subscriptions = fromCommandLine
      .ofType('AWS::SNS::Subscription')
      .map(([, { Properties: p }]) => [p.Protocol, p.Endpoint, p.TopicArn]);
    const topic = { Ref: fromCommandLine.topicId };
    expect(subscriptions.sort()).toEqual(
      [
        ['email', 'duty@dingnan.gov.cn', topic],
        ['email', 'it@dingnan.gov.cn', topic],
        ['https', 'https://duty.dingnan.gov.cn/alarms', topic],
        ['sms', '+8613800000000', topic],
      ].sort(),
    );
    fromCdkJson.template.resourcePropertiesCountIs(
      'AWS::SNS::Subscription',
      { Protocol: 'email', Endpoint: 'it@dingnan.gov.cn' },
      1,
    );
    standard.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('refuses recipients that cannot be reached, and text messages where SNS sends none', () => {
    expect(() => synth({ alarmEmails: 'it.dingnan.gov.cn' })).toThrow(/no e-mail address/);
    expect(() => synth({ alarmWebhook: 'http://duty.dingnan.gov.cn' })).toThrow(/no https:\/\/ URL/);
    expect(() => synth({ alarmSms: '13800000000' })).toThrow(/E\.164/);
    expect(() => synth({ ...CHINA_CONTEXT, alarmSms: '+8613800000000' })).toThrow(/China regions/);
  });

  it('draws one dashboard per deployment with the operational and the business signals', () => {
    // Prepare
    const production = synth(PRODUCTION_CONTEXT);
    const [[, dashboard]] = production.ofType('AWS::CloudWatch::Dashboard') as [[string, Resources[string]]];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    // Assess
    expect(dashboard.Properties.DashboardName).toBe('Huiqi-prod');
    for (const name of Object.keys(BUSINESS_METRICS)) expect(body).toContain(`\\"${name}\\"`);
    for (const signal of [
      'ExecutionsFailed',
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      '5xx',
      'alarms',
    ]) {
      expect(body).toContain(signal);
    }
    // Grouped by area, and no function left out.
    for (const area of ['资金池与兑付', '受理与审批链', '财务与监督', '政策目录', '接口（HTTP API）']) {
      expect(body).toContain(`## ${area}`);
    }
    for (const [fn] of production.ofType('AWS::Lambda::Function')) expect(body).toContain(`{"Ref":"${fn}"}`);
  });

  it('synthesizes for China with the same alarms, no literal arn:aws: and no cdk-nag finding', () => {
    // Act
    const china = synth({ ...CHINA_CONTEXT, alarmEmails: 'it@dingnan.gov.cn' });
    const assembly = china.app.synth();
    // Assess
    expect(china.ofType('AWS::CloudWatch::Alarm')).toHaveLength(alarms.length);
    expect(china.json).not.toMatch(/arn:aws:/);
    const report = readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8');
    expect(report.match(/"status":"failure"/g) ?? []).toHaveLength(0);
  });
});
