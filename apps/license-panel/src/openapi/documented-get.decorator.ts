// A GET route and its OpenAPI operation in one decorator: the path ('' for the controller's own),
// the summary (or the operation: summary and description) and, when the answer has a documented
// shape, its 200 response (a class, or [class] for a list).
import { applyDecorators, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, type ApiOperationOptions } from '@nestjs/swagger';

export type ResponseShape = (new () => object) | [new () => object];

export function DocumentedGet(path: string, operation: string | ApiOperationOptions, type?: ResponseShape): MethodDecorator {
  return applyDecorators(Get(path), ApiOperation(typeof operation === 'string' ? { summary: operation } : operation), ...(type === undefined ? [] : [ApiOkResponse({ type })]));
}
