// The web app on AWS: a private bucket behind CloudFront with the API's paths on the same origin, in both partitions.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/lib/app.ts';
import { VIEWER_REQUEST_CODE } from '../../infra/lib/constructs/web-frontend.ts';
import { API_ROUTES } from '../../shared/api/contract.ts';
import { SECURITY_HEADERS } from '../../shared/security-headers.ts';
import { CHINA_CONTEXT } from '../support/deployment-context.ts';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Synthesizes without bundling: the template is what is read, and the config.json CDK stages beside it. */
const synth = (context: Record<string, string> = {}) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'huiqi-web-'));
  outdirs.push(outdir);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir });
  const { stack } = buildApp(app);
  const template = Template.fromStack(stack);
  const resources: Record<string, Resource> = template.toJSON().Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [[, distribution]] = ofType('AWS::CloudFront::Distribution') as [[string, Resource]];
  const config = distribution.Properties.DistributionConfig as DistributionConfig;
  return { app, outdir, template, resources, ofType, config };
};

interface Behavior {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: string | { Ref: string };
  OriginRequestPolicyId?: string;
  AllowedMethods: string[];
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
}
interface DistributionConfig {
  Origins: { Id: string; DomainName: unknown; OriginAccessControlId?: unknown; S3OriginConfig?: unknown }[];
  DefaultCacheBehavior: Behavior;
  CacheBehaviors: Behavior[];
  Aliases?: string[];
  ViewerCertificate?: Record<string, unknown>;
  CustomErrorResponses?: Record<string, unknown>[];
  DefaultRootObject?: string;
}

/** CloudFront's managed policies, by the ids AWS gives them in every partition. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** CloudFront's path-pattern match: `*` any run of characters, the rest literal, first matching behaviour wins. */
const behaviorFor = (config: DistributionConfig, requestPath: string): Behavior =>
  config.CacheBehaviors.find((b) =>
    new RegExp(`^${(b.PathPattern ?? '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
      requestPath,
    ),
  ) ?? config.DefaultCacheBehavior;

/** Runs the viewer-request function's own code on a request, as CloudFront's JavaScript runtime would. */
const viewerRequest = (uri: string) =>
  new Function(`${VIEWER_REQUEST_CODE}; return handler;`)()({ request: { uri, headers: {} } }) as {
    uri?: string;
    statusCode?: number;
    headers?: { location: { value: string } };
  };

describe('the web app on AWS', () => {
  const standard = synth({ jwtIssuer: 'https://idp.example.gov.cn/realms/jx', webClientId: 'huiqi-portal' });
  const china = synth(CHINA_CONTEXT);
  const webBucketId = (s: typeof standard) =>
    s.ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('WebBucket'))?.[0] ?? '';
  const originOf = (s: typeof standard, behavior: Behavior) =>
    s.config.Origins.find((origin) => origin.Id === behavior.TargetOriginId);

  it('keeps the app in a private, encrypted, TLS-only bucket that only this distribution reads, through OAC', () => {
    // Assess
    const bucketId = webBucketId(standard);
    standard.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'web-bucket/' }),
    });
    const [[, policy]] = standard
      .ofType('AWS::S3::BucketPolicy')
      .filter(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId })) as [
      [string, Resource],
    ];
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
    standard.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const bucketOrigin = originOf(standard, standard.config.DefaultCacheBehavior);
    expect(bucketOrigin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
  });

  it('routes every path of the API contract to the HTTP API, all methods, the caller’s headers but Host; caches only what the API says may be shared', () => {
    // Prepare: each route's path with its parameters filled in, as a browser asks for it.
    const [[sharedCacheId, sharedCache]] = Object.entries(standard.resources).filter(
      ([, r]) => r.Type === 'AWS::CloudFront::CachePolicy',
    ) as [[string, Resource]];
    // Assess
    for (const route of API_ROUTES) {
      const requestPath = route.path.replace(/\{[^}]+\}/g, 'x1');
      const behavior = behaviorFor(standard.config, requestPath);
      const origin = originOf(standard, behavior);
      expect({ requestPath, domain: JSON.stringify(origin?.DomainName) }).toEqual({
        requestPath,
        domain: expect.stringMatching(/"Ref":"Api[0-9A-F]+".*execute-api/),
      });
      expect(behavior).toMatchObject({
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      });
      // A path with a public catalog read honours the origin's max-age; the rest are never cached.
      const segmentShares = API_ROUTES.some(
        (other) => other.sharedCache && other.path.split('/')[1] === route.path.split('/')[1],
      );
      expect({ requestPath, cache: behavior.CachePolicyId }).toEqual({
        requestPath,
        cache: segmentShares ? { Ref: sharedCacheId } : CACHING_DISABLED,
      });
    }
    // Origin headers decide (default 0, so no-store stays uncached); the token keys the cache, so none is shared.
    expect(sharedCache.Properties.CachePolicyConfig).toMatchObject({
      DefaultTTL: 0,
      MinTTL: 0,
      MaxTTL: 300,
      ParametersInCacheKeyAndForwardedToOrigin: {
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
      },
    });
    // The app and the viewer stay with the bucket; CloudFront allows 25 behaviours unless a raise is asked for.
    for (const page of [
      '/',
      '/app/',
      '/app/policies/360728-019',
      '/app/config.json',
      '/docs/',
      '/docs/init.js',
    ]) {
      expect({ page, origin: originOf(standard, behaviorFor(standard.config, page))?.Id }).toEqual({
        page,
        origin: originOf(standard, standard.config.DefaultCacheBehavior)?.Id,
      });
    }
    expect(standard.config.CacheBehaviors.length).toBeLessThanOrEqual(25);
  });

  it('gives the app its page on its own routes with a viewer-request function, leaving the API’s errors alone', () => {
    // Assess: the function is the one tested here, on the bucket's behaviour only, with no error-page rewriting.
    standard.template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: VIEWER_REQUEST_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
    expect(standard.config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: expect.anything() },
    ]);
    expect(standard.config.CacheBehaviors.every((b) => !b.FunctionAssociations)).toBe(true);
    expect(standard.config.CustomErrorResponses).toBeUndefined();
    // Act / Assess: what the function does with each kind of path.
    expect(viewerRequest('/')).toMatchObject({ statusCode: 302, headers: { location: { value: '/app/' } } });
    expect(viewerRequest('/app')).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/app/' } },
    });
    expect(viewerRequest('/docs')).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/docs/' } },
    });
    expect(viewerRequest('/app/').uri).toBe('/app/index.html');
    expect(viewerRequest('/app/callback').uri).toBe('/app/index.html');
    expect(viewerRequest('/app/policies/360728-019').uri).toBe('/app/index.html');
    expect(viewerRequest('/app/assets/index-C--T3Xyo.js').uri).toBe('/app/assets/index-C--T3Xyo.js');
    expect(viewerRequest('/app/config.json').uri).toBe('/app/config.json');
    expect(viewerRequest('/docs/').uri).toBe('/docs/index.html');
    expect(viewerRequest('/docs/swagger-ui.css').uri).toBe('/docs/swagger-ui.css');
    expect(viewerRequest('/web-bucket/2026-12-01-00-00-00-ABC')).toMatchObject({ statusCode: 404 });
  });

  it('writes /app/config.json at deploy from the issuer and the client id in context, never cached', () => {
    // Assess: the deployment of the app's pages and the file CDK staged for it.
    const [[, pages]] = standard
      .ofType('Custom::CDKBucketDeployment')
      .filter(([id]) => id.startsWith('WebAppPages')) as [[string, Resource]];
    expect(pages.Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'app/',
      SystemMetadata: { 'cache-control': 'no-cache' },
      Prune: true,
      Exclude: ['assets/*'],
    });
    const staged = (pages.Properties.SourceObjectKeys as string[])
      .map((key) => path.join(standard.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'config.json'))
      .filter((file) => existsSync(file));
    expect(staged).toHaveLength(1);
    expect(JSON.parse(readFileSync(staged[0] ?? '', 'utf8'))).toEqual({
      authority: 'https://idp.example.gov.cn/realms/jx',
      clientId: 'huiqi-portal',
    });
    const assets = standard
      .ofType('Custom::CDKBucketDeployment')
      .find(([id]) => id.startsWith('WebAppAssets'));
    expect(assets?.[1].Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'app/assets/',
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      Prune: false,
    });
    const docs = standard.ofType('Custom::CDKBucketDeployment').find(([id]) => id.startsWith('ApiDocsFiles'));
    expect(docs?.[1].Properties).toMatchObject({ DestinationBucketKeyPrefix: 'docs/' });
  });

  it('sends the pages the same security headers as npm start, letting them reach the provider and the uploads bucket', () => {
    // Assess
    const [[, policy]] = standard.ofType('AWS::CloudFront::ResponseHeadersPolicy') as [[string, Resource]];
    const security = (
      policy.Properties.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      }
    ).SecurityHeadersConfig;
    expect(security.FrameOptions).toEqual({
      FrameOption: SECURITY_HEADERS['x-frame-options'],
      Override: true,
    });
    expect(security.ReferrerPolicy).toEqual({
      ReferrerPolicy: SECURITY_HEADERS['referrer-policy'],
      Override: true,
    });
    expect(security.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 31536000,
      IncludeSubdomains: true,
      Override: true,
    });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    const csp = JSON.stringify(security.ContentSecurityPolicy);
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/idp\.example\.gov\.cn https:\/\/".*MaterialsBucket.*\.s3\./,
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect(standard.config.DefaultCacheBehavior).toMatchObject({
      ResponseHeadersPolicyId: expect.anything(),
    });
  });

  it('lets only the web app’s origin upload materials from a browser', () => {
    // Assess: CloudFront's own domains where it names the distribution at deploy, the custom domain where one is given.
    const corsOf = (s: typeof standard) =>
      s.ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('MaterialsBucket'))?.[1].Properties
        .CorsConfiguration;
    expect(corsOf(standard)).toEqual({
      CorsRules: [
        expect.objectContaining({ AllowedOrigins: ['https://*.cloudfront.net'], AllowedMethods: ['PUT'] }),
      ],
    });
    expect(corsOf(china)).toEqual({
      CorsRules: [expect.objectContaining({ AllowedOrigins: ['https://huiqi.dingnan.gov.cn'] })],
    });
  });

  it('serves a custom domain on its ACM certificate from us-east-1, at TLS 1.2 or later, still clean for cdk-nag', () => {
    // Prepare
    const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d';
    // Act
    const custom = synth({ webDomain: 'huiqi.example.gov.cn', webCertificate: certificate });
    // Assess
    expect(custom.config.Aliases).toEqual(['huiqi.example.gov.cn']);
    expect(custom.config.ViewerCertificate).toEqual({
      AcmCertificateArn: certificate,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    const materials = custom.ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('MaterialsBucket'));
    expect(JSON.stringify(materials?.[1].Properties.CorsConfiguration)).toContain(
      '"https://huiqi.example.gov.cn"',
    );
    const report = readFileSync(path.join(custom.app.synth().directory, 'validation-report.json'), 'utf8');
    expect(report.match(/"status":"failure"/g) ?? []).toHaveLength(0);
    expect(() =>
      synth({
        webDomain: 'huiqi.example.gov.cn',
        webCertificate: 'arn:aws:acm:ap-east-1:123456789012:certificate/0a1b2c3d',
      }),
    ).toThrow(/us-east-1 only/);
  });

  it('refuses a China synth without an ICP-recorded domain and an IAM certificate, in one line', () => {
    // Act / Assess
    expect(() => synth({ region: 'cn-northwest-1' })).toThrow(
      /^中国区域.*ICP.*\/ CloudFront in China regions.*webCertificate/,
    );
    expect(() => synth({ region: 'cn-north-1', webDomain: 'huiqi.dingnan.gov.cn' })).toThrow(
      /webDomain and webCertificate must be given together/,
    );
    expect(() =>
      synth({
        ...CHINA_CONTEXT,
        webCertificate: 'arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/0000',
      }),
    ).toThrow(/takes no ACM certificate/);
  });

  it('serves China on its domain and IAM certificate, with only resource types CloudFormation has there', () => {
    // Assess: the alias and certificate, the bucket read through an origin access identity.
    expect(china.config.Aliases).toEqual(['huiqi.dingnan.gov.cn']);
    expect(china.config.ViewerCertificate).toEqual({
      IamCertificateId: CHINA_CONTEXT.webCertificate,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    china.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    china.template.resourceCountIs('AWS::CloudFront::Function', 0);
    china.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    expect(originOf(china, china.config.DefaultCacheBehavior)?.S3OriginConfig).toEqual({
      OriginAccessIdentity: expect.anything(),
    });
    // "/" and the app's routes get its page by the distribution's answer to the bucket's 403.
    expect(china.config.DefaultRootObject).toBe('app/index.html');
    expect(china.config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/app/index.html', ErrorCachingMinTTL: 0 },
    ]);
    // CDK checks each resource type against the region's CloudFormation registry and warns of missing ones.
    const assembly = china.app.synth();
    const report = readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8');
    expect(report).not.toMatch(/does not exist in/);
  });
});
