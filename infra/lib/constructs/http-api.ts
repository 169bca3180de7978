// The HTTP API: one route per entry of the API contract, each to its function, behind the JWT authorizer unless public.
import { CfnOutput, type RemovalPolicy, type Stack } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { API_ROUTES, type ApiFunction, routeKeyOf } from '../../../shared/api/contract.ts';

export interface PlatformApiProps {
  removalPolicy: RemovalPolicy;
  /** The identity provider whose JWTs the API accepts (a province's IdP, or the local issuer). */
  jwtIssuer: string;
  jwtAudience: string[];
  /** The function behind each of the contract's route groups. */
  routeFunctions: Record<ApiFunction, IFunction>;
}

export class PlatformApi {
  readonly api: HttpApi;

  constructor(stack: Stack, { removalPolicy, jwtIssuer, jwtAudience, routeFunctions }: PlatformApiProps) {
    this.api = new HttpApi(stack, 'Api', {
      description: 'Huiqi API for enterprises, window staff, departments, agencies, the payer and finance',
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type'],
      },
      createDefaultStage: false,
    });
    new HttpStage(stack, 'ApiStage', {
      httpApi: this.api,
      autoDeploy: true,
      // Who called what and when, kept apart from the functions' own logs for audit.
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(stack, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy }),
        ),
      },
    });
    const authorizer = new HttpJwtAuthorizer('Jwt', jwtIssuer, { jwtAudience });
    for (const route of API_ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(
          `${route.function}${routeKeyOf(route)}`.replace(/\W/g, ''),
          routeFunctions[route.function],
        ),
        ...(route.roles === 'public' ? {} : { authorizer }),
      });
    }
    new CfnOutput(stack, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
