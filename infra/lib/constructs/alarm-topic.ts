// Where every alarm goes: one encrypted SNS topic, with the people and systems a deployment names subscribed to it.
import { ArnFormat, Aws, type RemovalPolicy, type Stack, Token } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';

/** Who hears of an alarm; every list may be empty (the alarms then show on the dashboard only). */
export interface AlarmRecipients {
  /** E-mail addresses; each confirms its subscription from the mail SNS sends it. */
  emails: string[];
  /** Mobile numbers in E.164 form (+8613…); SNS sends no text messages in China regions. */
  sms: string[];
  /** HTTPS endpoints (a duty system, or an adapter to a chat group) that confirm SNS's subscription request. */
  webhooks: string[];
}

export const NO_RECIPIENTS: AlarmRecipients = { emails: [], sms: [], webhooks: [] };

export interface AlarmTopicProps {
  stage: string;
  removalPolicy: RemovalPolicy;
  recipients: AlarmRecipients;
}

const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');

export function alarmTopic(stack: Stack, { stage, removalPolicy, recipients }: AlarmTopicProps): Topic {
  // A key of our own: the AWS managed key (alias/aws/sns) cannot let CloudWatch publish to the topic it encrypts.
  const key = new Key(stack, 'AlarmTopicKey', {
    description: 'Encrypts the alarm topic, which CloudWatch alarms publish to',
    enableKeyRotation: true,
    removalPolicy,
  });
  key.addToResourcePolicy(
    new PolicyStatement({
      principals: [cloudWatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  const topic = new Topic(stack, 'AlarmTopic', {
    displayName: `Huiqi ${stage}`,
    masterKey: key,
    enforceSSL: true,
  });
  // The topic policy replaces SNS's default one, so the alarms of this account are let in by name.
  topic.addToResourcePolicy(
    new PolicyStatement({
      principals: [cloudWatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      },
    }),
  );
  for (const subscription of subscriptionsOf(stack, recipients)) topic.addSubscription(subscription);
  return topic;
}

function subscriptionsOf(stack: Stack, { emails, sms, webhooks }: AlarmRecipients) {
  const refuse = (message: string): never => {
    throw new Error(`alarm recipients: ${message}`);
  };
  for (const email of emails)
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) refuse(`${email} is no e-mail address`);
  for (const number of sms)
    if (!/^\+[1-9]\d{6,14}$/.test(number)) refuse(`${number} is no E.164 number (+86…)`);
  for (const url of webhooks) if (!url.startsWith('https://')) refuse(`${url} is no https:// URL`);
  const region = stack.region;
  if (sms.length > 0 && !Token.isUnresolved(region) && region.startsWith('cn-')) {
    refuse('SNS sends no text messages in China regions; use alarmEmails or alarmWebhook');
  }
  return [
    ...emails.map((email) => new EmailSubscription(email)),
    ...sms.map((number) => new SmsSubscription(number)),
    ...webhooks.map((url) => new UrlSubscription(url, { protocol: SubscriptionProtocol.HTTPS })),
  ];
}
