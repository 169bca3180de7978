// Failures a caller can act on: each has a stable code, an HTTP status and a Chinese message.

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A refusal the client can act on. Anything else that escapes a handler is an internal error. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** One field that failed validation, with its path in the request. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

export const validationFailed = (issues: FieldIssue[]) =>
  new DomainError('VALIDATION_FAILED', 400, '请求内容不符合要求，请按提示修改后重试', { fields: issues });
export const malformedJson = () => new DomainError('MALFORMED_JSON', 400, '请求体不是合法的 JSON');
export const bodyTooLarge = (limitBytes: number) =>
  new DomainError('BODY_TOO_LARGE', 413, `请求体超过 ${limitBytes} 字节上限`, { limitBytes });
export const unsupportedMediaType = () =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, '请求体须为 JSON，Content-Type 应为 application/json', {
    expected: 'application/json',
  });
export const jsonTooDeep = (limit: number) =>
  new DomainError('JSON_TOO_DEEP', 400, `请求体的 JSON 嵌套超过 ${limit} 层`, { limit });
export const unauthenticated = () => new DomainError('UNAUTHENTICATED', 401, '请先登录');
export const tokenIssuedInFuture = () =>
  new DomainError('TOKEN_ISSUED_IN_FUTURE', 401, '身份令牌的签发时间晚于当前时间，请校准时钟后重新登录');
export const forbidden = (reason = '无权执行此操作') => new DomainError('FORBIDDEN', 403, reason);
export const notFound = (what: string) => new DomainError('NOT_FOUND', 404, `${what}不存在`);
/** Well-formed, but the platform's rules refuse it (a policy not in effect, an amount over the cap). */
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new DomainError(code, 422, message, details);
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError(code, 409, message, details);
export const internalError = () =>
  new DomainError('INTERNAL_ERROR', 500, '系统繁忙，请稍后重试；如持续出现请联系平台管理员');
