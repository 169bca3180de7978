// The OpenAPI 3.1 document, generated from the route list and its zod schemas (JSON Schema 2020-12, as 3.1 uses).
import * as z from 'zod';
import { API_ROUTES, type ApiRoute, isFileResponse, routeKeyOf } from './contract.ts';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: '稳定的错误代码' },
        message: { type: 'string', description: '中文说明' },
        details: { description: '出错字段（fields[].field/code/message）等' },
      },
    },
  },
};

const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/**
 * API Gateway's JWT authorizer answers a missing or invalid token itself, before any function runs; a token the
 * authorizer let through can still be refused by the function (one issued in the future), in the usual envelope.
 */
const unauthorized = {
  description: '未登录或身份令牌无效（通常由 API 网关直接答复 {"message":"Unauthorized"}）',
  content: {
    'application/json': {
      schema: {
        anyOf: [
          {
            type: 'object',
            required: ['message'],
            properties: { message: { type: 'string', const: 'Unauthorized' } },
          },
          { $ref: '#/components/schemas/Error' },
        ],
      },
    },
  },
};

const success = (response: ApiRoute['responses'][keyof ApiRoute['responses']]) =>
  response && isFileResponse(response)
    ? {
        description: '文件下载',
        content: { [response.file]: { schema: { type: 'string', format: 'binary' } } },
      }
    : {
        description: '成功',
        content: { 'application/json': { schema: response ? jsonSchema(response, 'output') : {} } },
      };

function operation(route: ApiRoute) {
  const declared = route.params?.shape ?? {};
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    schema: declared[name] ? jsonSchema(declared[name] as z.ZodType) : { type: 'string' },
  }));
  const queryParameters = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType),
  }));
  const guarded = route.roles !== 'public';
  return {
    operationId: routeKeyOf(route),
    summary: route.summary,
    ...(guarded ? { security: [{ jwt: [] }], 'x-roles': route.roles } : { security: [] }),
    parameters: [...pathParameters, ...queryParameters],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body) } },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [status, success(response)]),
      ),
      400: refusal('请求内容不符合要求'),
      ...(guarded ? { 401: unauthorized, 403: refusal('角色或对象无权限') } : {}),
      404: refusal('对象不存在或不属于调用者'),
      ...(route.body
        ? { 409: refusal('冲突（重复申请、重复决定、并发修改）'), 413: refusal('请求体超过 1 MB') }
        : {}),
      422: refusal('业务规则不允许'),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Huiqi 惠企兑付 API',
      version: '1.0.0',
      description: '一网查询、一窗受理、分流转办、一站兑付。金额以整数“分”计，时限以工作日计。',
    },
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorEnvelope },
    },
    paths,
  };
}
