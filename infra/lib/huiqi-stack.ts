// The whole platform in one stack, composed of its areas: catalog, intake and approval chains, fund pool and payout,
// finance and oversight, the HTTP API over them, and the monitoring that watches them all.

import { RemovalPolicy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BankEnvironment } from './bank-choice.ts';
import { type AlarmRecipients, NO_RECIPIENTS } from './constructs/alarm-topic.ts';
import { PolicyCatalog } from './constructs/catalog.ts';
import { FinanceAndOversight } from './constructs/finance-oversight.ts';
import { FundPoolAndPayout } from './constructs/fund-pool-payout.ts';
import { PlatformApi } from './constructs/http-api.ts';
import { IntakeAndApproval } from './constructs/intake-approval.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { PlatformTables } from './constructs/tables.ts';
import { checkWebDomain, type WebDomain, WebFrontend, webOriginOf } from './constructs/web-frontend.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';

export { APPROVAL_CHAIN } from './constructs/intake-approval.ts';

export interface HuiqiStackProps extends StackProps {
  /** 'dev' drops data with the stack; any other stage protects tables from deletion. */
  stage: string;
  /** The identity provider whose JWTs the API accepts (a province's IdP, or the local issuer). */
  jwtIssuer: string;
  jwtAudience: string[];
  /** GB/T 2260 code of the jurisdiction whose catalog is loaded on deploy. */
  divisionCode: string;
  /** Who is told of an alarm; none by default (alarms then show on the dashboard only). */
  alarmRecipients?: AlarmRecipients;
  /** The web app's client id at the identity provider, written to /app/config.json. */
  webClientId: string;
  /** The web app's own domain and certificate; required in China regions, optional elsewhere. */
  webDomain?: Partial<WebDomain>;
  /** The bank the payer pays through (checked by `bankEnvironment`). */
  bank: BankEnvironment;
  /** Seconds the catalog function and CloudFront keep public catalog reads (`CATALOG_CACHE_SECONDS`); 0: not at all. */
  catalogCacheSeconds?: string;
}

export class HuiqiStack extends Stack {
  constructor(scope: Construct, id: string, props: HuiqiStackProps) {
    super(scope, id, props);
    const production = props.stage !== 'dev';
    const removalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Checked first: a China synth without its domain and certificate stops here, before anything is built.
    const china = !Token.isUnresolved(this.region) && this.region.startsWith('cn-');
    const webDomain = checkWebDomain(props.webDomain ?? {}, china);
    const tables = new PlatformTables(this, { production, removalPolicy });
    const area = { removalPolicy, tables, bank: props.bank };

    const catalog = new PolicyCatalog(this, {
      ...area,
      divisionCode: props.divisionCode,
      ...(props.catalogCacheSeconds === undefined ? {} : { cacheSeconds: props.catalogCacheSeconds }),
    });
    const payout = new FundPoolAndPayout(this, area);
    const chains = new IntakeAndApproval(this, {
      ...area,
      payoutQueue: payout.payoutQueue,
      uploadOrigin: webOriginOf(webDomain),
    });
    const finance = new FinanceAndOversight(this, area);
    const api = new PlatformApi(this, {
      removalPolicy,
      jwtIssuer: props.jwtIssuer,
      jwtAudience: props.jwtAudience,
      routeFunctions: {
        catalog: catalog.catalog,
        enterprises: chains.enterprises,
        intake: chains.intake,
        review: chains.review,
        'fund-pool': payout.fundPool,
        finance: finance.finance,
        oversight: finance.oversight,
        audit: finance.auditTrail,
      },
    });
    const web = new WebFrontend(this, {
      removalPolicy,
      api: api.api,
      materialsBucket: chains.materialsBucket,
      signIn: { authority: props.jwtIssuer, clientId: props.webClientId },
      ...(webDomain ? { domain: webDomain } : {}),
      china,
    });
    // Last, so that it finds every function the areas made.
    new Monitoring(this, {
      stage: props.stage,
      removalPolicy,
      recipients: props.alarmRecipients ?? NO_RECIPIENTS,
      catalog,
      chains,
      payout,
      finance,
      api,
    });

    acknowledgeNagFindings(this, {
      tables: [tables.cases, tables.ledger, tables.enterprises],
      buckets: [chains.materialsBucket],
      bankFilesBucket: payout.bankFilesBucket,
      stateMachineTargets: [chains.approvalSteps],
      scheduleTargets: [chains.slaSweep, chains.chainWatch, payout.payoutSweep, finance.reconcile],
      stateMachines: [chains.approvalChain],
      web,
      certificate: !webDomain ? 'cloudfront' : webDomain.certificate.startsWith('arn:') ? 'acm' : 'iam',
    });
  }
}
