// CDK app: `-c region=cn-northwest-1` (or cn-north-1) gives the China-partition template, nothing else changes.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HuiqiStack } from '../lib/huiqi-stack.ts';

const app = new App();
const context = (key: string, fallback: string): string => {
  const value = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : fallback;
};

const region = context('region', process.env.CDK_DEFAULT_REGION ?? '');
new HuiqiStack(app, 'Huiqi', {
  env: region ? { region, account: process.env.CDK_DEFAULT_ACCOUNT } : undefined,
  stage: context('stage', 'dev'),
  jwtIssuer: context('jwtIssuer', 'http://127.0.0.1:3000/local-issuer'),
  jwtAudience: context('jwtAudience', 'huiqi').split(','),
  divisionCode: context('divisionCode', '360728'),
});
// Every finding fails the synth unless acknowledged with its reason (infra/lib/nag-suppressions.ts).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
