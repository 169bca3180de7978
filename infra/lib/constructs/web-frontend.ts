// The web app and the API viewer on one origin with the API: a private bucket behind CloudFront, the API's paths routed
// to the HTTP API, so the browser calls the API same-origin with no CORS and one CSP.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AssetHashType,
  Aws,
  CfnOutput,
  DockerImage,
  Duration,
  type RemovalPolicy,
  type Stack,
} from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  type HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { API_ROUTES } from '../../../shared/api/contract.ts';
import { pageContentSecurityPolicy, SECURITY_HEADERS } from '../../../shared/security-headers.ts';
import { API_DOCS_PAGE_DIR, API_DOCS_PREFIX, apiDocsFiles, WEB_APP_PREFIX } from '../web-paths.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const WEB_DIST = path.join(repoRoot, 'web/dist');

/** Where the web app is reached: CloudFront's own domain, or a custom one with its certificate (required in China). */
export interface WebDomain {
  /** The host name, e.g. huiqi.dingnan.gov.cn (in China, with its ICP recordal). */
  name: string;
  /** An ACM certificate ARN (us-east-1; standard partition only) or the id of an IAM server certificate. */
  certificate: string;
}

export interface WebFrontendProps {
  removalPolicy: RemovalPolicy;
  api: HttpApi;
  /** Browsers upload materials straight to this bucket with a presigned URL, so the page's CSP must allow it. */
  materialsBucket: IBucket;
  /** What the app signs in with, written to /app/config.json at deploy. */
  signIn: { authority: string; clientId: string };
  domain?: WebDomain;
  /** China regions: CloudFront there serves no default domain and takes no ACM certificate. */
  china: boolean;
}

/** The browser origin the web app is served from, or the closest pattern when CloudFront names it at deploy. */
export function webOriginOf(domain: WebDomain | undefined): string {
  // The distribution's own domain would make a cycle: its CSP names the materials bucket, whose CORS would name it.
  return domain ? `https://${domain.name}` : 'https://*.cloudfront.net';
}

/** Checks the web domain context for the partition; throws one line, in Chinese and English, that says what is missing. */
export function checkWebDomain(domain: Partial<WebDomain>, china: boolean): WebDomain | undefined {
  if (!domain.name && !domain.certificate) {
    if (!china) return undefined;
    throw new Error(
      '中国区域的 CloudFront 不能使用默认域名：请以 -c webDomain=<已 ICP 备案的域名> -c webCertificate=<IAM 服务器证书 ID> 部署 / ' +
        'CloudFront in China regions serves no default domain: deploy with -c webDomain=<ICP-recorded domain> -c webCertificate=<IAM server certificate id>',
    );
  }
  if (!domain.name || !domain.certificate) {
    throw new Error(
      'webDomain 与 webCertificate 须同时提供 / webDomain and webCertificate must be given together',
    );
  }
  if (china && domain.certificate.startsWith('arn:')) {
    throw new Error(
      '中国区域的 CloudFront 不支持 ACM 证书：请上传至 IAM（路径 /cloudfront/）并给出其 ID / ' +
        'CloudFront in China regions takes no ACM certificate: upload it to IAM (path /cloudfront/) and give its id',
    );
  }
  if (domain.certificate.startsWith('arn:') && domain.certificate.split(':')[3] !== 'us-east-1') {
    throw new Error(
      'CloudFront 只使用 us-east-1 的 ACM 证书 / CloudFront takes ACM certificates from us-east-1 only',
    );
  }
  return { name: domain.name, certificate: domain.certificate };
}

/**
 * The viewer-request function of the bucket's behaviour: "/" and "/app" go to the app, "/docs" to the viewer's folder,
 * a path under /app/ without a file extension is one of the app's own routes and gets its page, anything else outside
 * /app/ and /docs/ is not ours to answer. A function rather than error-response rewriting, which would also turn the
 * API's own 403s and 404s into the app's page.
 */
export const VIEWER_REQUEST_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '${WEB_APP_PREFIX.slice(0, -1)}' || uri === '${API_DOCS_PREFIX.slice(0, -1)}') {
    var target = uri === '${API_DOCS_PREFIX.slice(0, -1)}' ? '${API_DOCS_PREFIX}' : '${WEB_APP_PREFIX}';
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: target } } };
  }
  if (uri === '${API_DOCS_PREFIX}') {
    request.uri = '${API_DOCS_PREFIX}index.html';
  } else if (uri.startsWith('${WEB_APP_PREFIX}')) {
    if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) request.uri = '${WEB_APP_PREFIX}index.html';
  } else if (!uri.startsWith('${API_DOCS_PREFIX}')) {
    return { statusCode: 404, statusDescription: 'Not Found' };
  }
  return request;
}`;

/** The first segment of every API path, each routed to the HTTP API as "/<segment>*". */
export function apiPathPatterns(): string[] {
  const segments = [...new Set(API_ROUTES.map((route) => route.path.split('/')[1] ?? ''))];
  for (const segment of segments) {
    const pattern = `/${segment}`;
    if (!segment || WEB_APP_PREFIX.startsWith(pattern) || API_DOCS_PREFIX.startsWith(pattern)) {
      throw new Error(`API path /${segment} would take the web app's or the viewer's paths`);
    }
  }
  return segments.map((segment) => `/${segment}*`);
}

/** The path patterns holding a public read the edge marks for shared caches (`sharedCache` in the contract). */
export function sharedCachePatterns(): Set<string> {
  return new Set(
    API_ROUTES.filter((route) => route.sharedCache).map((route) => `/${route.path.split('/')[1]}*`),
  );
}

/**
 * A deployment source copied at synth from files built or installed outside the CDK (the Vite build, swagger-ui-dist).
 * A synth that skips bundling — the infra tests — copies nothing and needs no build.
 */
function copiedSource(name: string, sourceDir: string, copy: (outputDir: string) => void): ISource {
  return Source.asset(sourceDir, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Assets are cached by source and bundling options, which are the same for the app's two parts: told apart here.
      environment: { STAGED: name },
      // Never pulled: the local copy below either stages the files or fails the synth.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      local: {
        tryBundle(outputDir) {
          copy(outputDir);
          return true;
        },
      },
    },
  });
}

function builtWebApp(): string {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(
      '网页版尚未构建：请先运行 npm run build:web / the web app is not built: run npm run build:web',
    );
  }
  return WEB_DIST;
}

export class WebFrontend {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly deployments: BucketDeployment[];
  readonly china: boolean;
  /** Absent in China regions, where CloudFormation offers no CloudFront functions. */
  readonly viewerRequest: EdgeFunction | undefined;

  constructor(stack: Stack, props: WebFrontendProps) {
    const { removalPolicy, api, materialsBucket, signIn, domain, china } = props;
    this.china = china;
    // CloudFront's standard logs are delivered with ACLs, which the web bucket (read through OAC) must not enable.
    const logsBucket = new Bucket(stack, 'WebLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy,
      serverAccessLogsPrefix: 'access-logs/',
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    this.bucket = new Bucket(stack, 'WebBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      removalPolicy,
      // Not into itself: CloudFront reads this bucket, and its access logs are nobody's page.
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 'web-bucket/',
    });

    const hsts = SECURITY_HEADERS['strict-transport-security'];
    const materialsHost = `https://${materialsBucket.bucketName}.s3.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    const headers = new ResponseHeadersPolicy(stack, 'WebResponseHeaders', {
      comment: 'The pages of the web app and the API viewer: the same security headers as npm start sends',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: pageContentSecurityPolicy([new URL(signIn.authority).origin, materialsHost]),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: SECURITY_HEADERS['referrer-policy'] as HeadersReferrerPolicy,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(Number(/max-age=(\d+)/.exec(hsts)?.[1])),
          includeSubdomains: hsts.includes('includeSubDomains'),
          override: true,
        },
      },
    });
    // CloudFormation in China regions has neither CloudFront functions nor origin access controls (CDK's registry for
    // cn-north-1 and cn-northwest-1 says so): there the bucket is read through an origin access identity, and an app
    // route is given the app's page by the one means left, the distribution's answer to the bucket's 403.
    this.viewerRequest = china
      ? undefined
      : new EdgeFunction(stack, 'WebViewerRequest', {
          comment: 'Redirects / to the app, gives the app its page on its own routes',
          code: FunctionCode.fromInline(VIEWER_REQUEST_CODE),
          runtime: FunctionRuntime.JS_2_0,
        });
    const apiOrigin = new HttpOrigin(`${api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });
    const apiBehavior = {
      origin: apiOrigin,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Answers are per caller (and say no-store): never cached; everything but Host goes on, Authorization included.
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    };
    // The catalog's public reads say `public, max-age=…`; CloudFront keeps them for as long, and nothing that says
    // no-store. The token is part of the key (and so still reaches the API): a signed-in answer is never shared.
    const sharedCache = new CachePolicy(stack, 'ApiSharedCache', {
      comment: 'Honours the API origin Cache-Control; keyed on the query string and the Authorization header',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(5),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const cachedPatterns = sharedCachePatterns();
    const acmCertificate = domain?.certificate.startsWith('arn:') ? domain.certificate : undefined;
    this.distribution = new Distribution(stack, 'WebDistribution', {
      comment: 'Huiqi web app, API viewer and API on one origin',
      defaultBehavior: {
        origin: china
          ? S3BucketOrigin.withOriginAccessIdentity(this.bucket)
          : S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: this.viewerRequest
          ? [{ function: this.viewerRequest, eventType: FunctionEventType.VIEWER_REQUEST }]
          : [],
      },
      ...(china
        ? {
            // "/" shows the app (its router reads "/" as the catalog); the price is that an API 403 through this
            // origin also arrives as the app's page — programs other than the browser call the API's own URL there.
            defaultRootObject: `${WEB_APP_PREFIX.slice(1)}index.html`,
            errorResponses: [
              {
                httpStatus: 403,
                responseHttpStatus: 200,
                responsePagePath: `${WEB_APP_PREFIX}index.html`,
                ttl: Duration.seconds(0),
              },
            ],
          }
        : {}),
      additionalBehaviors: Object.fromEntries(
        apiPathPatterns().map((pattern) => [
          pattern,
          cachedPatterns.has(pattern) ? { ...apiBehavior, cachePolicy: sharedCache } : apiBehavior,
        ]),
      ),
      ...(acmCertificate
        ? {
            domainNames: [domain?.name ?? ''],
            certificate: Certificate.fromCertificateArn(stack, 'WebCertificate', acmCertificate),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: logsBucket,
      logFilePrefix: 'cloudfront/',
    });
    if (domain && !acmCertificate) {
      // The L2 distribution takes ACM certificates only; an IAM server certificate (China's only kind) goes in here.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [domain.name]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: domain.certificate,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      });
    }
    // Hashed bundles first and never pruned, so a page still open finds its scripts; then the page, which names them.
    const assets = new BucketDeployment(stack, 'WebAppAssets', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${WEB_APP_PREFIX.slice(1)}assets/`,
      sources: [
        copiedSource('web-app-assets', path.join(repoRoot, 'web'), (out) =>
          cpSync(path.join(builtWebApp(), 'assets'), out, { recursive: true }),
        ),
      ],
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    const pages = new BucketDeployment(stack, 'WebAppPages', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: WEB_APP_PREFIX.slice(1),
      sources: [
        copiedSource('web-app-pages', path.join(repoRoot, 'web'), (out) => {
          const dist = builtWebApp();
          for (const entry of readdirSync(dist).filter((name) => name !== 'assets')) {
            cpSync(path.join(dist, entry), path.join(out, entry), { recursive: true });
          }
        }),
        Source.jsonData('config.json', signIn),
      ],
      // The page and config.json must be asked for again: they name this release's bundles and sign-in.
      cacheControl: [CacheControl.noCache()],
      exclude: ['assets/*'],
    });
    pages.node.addDependency(assets);
    const docs = new BucketDeployment(stack, 'ApiDocsFiles', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: API_DOCS_PREFIX.slice(1),
      sources: [
        copiedSource('api-docs', API_DOCS_PAGE_DIR, (out) => {
          for (const [name, file] of apiDocsFiles()) cpSync(file, path.join(out, name));
        }),
      ],
      cacheControl: [CacheControl.noCache()],
    });
    this.deployments = [assets, pages, docs];

    new CfnOutput(stack, 'WebUrl', {
      value: `https://${domain?.name ?? this.distribution.distributionDomainName}${WEB_APP_PREFIX}`,
    });
  }
}
