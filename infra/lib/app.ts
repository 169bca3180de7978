// Builds the CDK app from context, so the CLI entry and the infra tests synthesize the same thing.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CACHE_SECONDS } from '../../shared/catalog/read-cache.ts';
import { bankEnvironment } from './bank-choice.ts';
import { HuiqiStack } from './huiqi-stack.ts';

export const STACK_NAME = 'Huiqi';

export function buildApp(app = new App()): { app: App; stack: HuiqiStack } {
  const context = (key: string, fallback: string): string => {
    const value = app.node.tryGetContext(key);
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  /** A list given in cdk.json as an array, or on the command line as comma-separated values (-c alarmEmails=a,b). */
  const contextList = (key: string): string[] => {
    const value: unknown = app.node.tryGetContext(key);
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
    return items.map((item) => String(item).trim()).filter((item) => item !== '');
  };
  /** An object given in cdk.json as JSON, or on the command line as JSON text. */
  const contextJson = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === '') return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  const region = context('region', process.env.CDK_DEFAULT_REGION ?? '');
  const stage = context('stage', 'dev');
  const divisionCode = context('divisionCode', '360728');
  // Checked first: a deployment that names no bank stops here, before anything is built.
  const bank = bankEnvironment({
    stage,
    divisionCode,
    bank: context('bank', ''),
    bankLayout: context('bankLayout', '') || undefined,
    bankPayerAccounts: contextJson('bankPayerAccounts'),
    bankCutOffs: context('bankCutOffs', '') || undefined,
  });
  const stack = new HuiqiStack(app, STACK_NAME, {
    env: region ? { region, account: process.env.CDK_DEFAULT_ACCOUNT } : undefined,
    stage,
    bank,
    jwtIssuer: context('jwtIssuer', 'http://127.0.0.1:3000/local-issuer'),
    jwtAudience: context('jwtAudience', 'huiqi').split(','),
    divisionCode,
    webClientId: context('webClientId', 'huiqi-web'),
    webDomain: { name: context('webDomain', ''), certificate: context('webCertificate', '') },
    catalogCacheSeconds: context('catalogCacheSeconds', String(DEFAULT_CACHE_SECONDS)),
    alarmRecipients: {
      emails: contextList('alarmEmails'),
      sms: contextList('alarmSms'),
      webhooks: contextList('alarmWebhook'),
    },
  });
  // Every finding fails the synth unless acknowledged with its reason (infra/lib/nag-suppressions.ts).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
