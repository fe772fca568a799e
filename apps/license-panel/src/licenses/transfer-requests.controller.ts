// REST face of transfer requests between accounts: ask for another account's license, see the
// requests for yours and answer them, withdraw your own. All under "Modify/Transfer a License".
import { applyDecorators, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from 'nestjs-api-tokens';
import { GuardedApi } from '../openapi/guarded-api.decorator.js';
import { DocumentedGet } from '../openapi/documented-get.decorator.js';
import { Privilege } from '../privileges.js';
import { RequestTransferDto } from './license.dto.js';
import { ErrorResponse, TransferRequestAnswerResponse, TransferRequestsResponse } from './license.responses.js';
import type { TransferRequestsView } from './license.types.js';
import { TransferRequestsService, type AnsweredTransfer, type RequestedTransfer } from './transfer-requests.service.js';

const REQUEST_ID = { name: 'requestId', description: 'The request’s id (its confirmation number)', example: '7' };

/** A route that answers or withdraws one request: POST :requestId/<action>, the answered request, 404 and 409 alike. */
function AnswerRoute(action: string, summary: string): MethodDecorator {
  return applyDecorators(
    Post(`:requestId/${action}`),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiParam(REQUEST_ID),
    ApiOkResponse({ type: TransferRequestAnswerResponse }),
    ApiNotFoundResponse({ type: ErrorResponse }),
    ApiConflictResponse({ type: ErrorResponse, description: 'The request awaits no answer' }),
  );
}

@GuardedApi({
  tag: 'Transfer requests',
  privilege: Privilege.ModifyTransfer,
  forbidden: 'The credential lacks “Modify/Transfer a License”',
  badRequest: { type: ErrorResponse, description: 'Bad input; the message names the field. Nothing changed.' },
})
@Controller('api/transfer-requests')
export class TransferRequestsController {
  constructor(private readonly requests: TransferRequestsService) {}

  @DocumentedGet('', 'Requests for your licenses (pending first) and your own requests', TransferRequestsResponse)
  list(@CurrentPrincipal() me: Principal): Promise<TransferRequestsView> {
    return this.requests.list(me.user);
  }

  @Post()
  @ApiOperation({
    summary: 'Ask the account holding the active license of a package on an IP to hand it over',
    description: 'It waits for their answer; you are not told who they are. One pending request per IP and package.',
  })
  @ApiCreatedResponse({ type: TransferRequestAnswerResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'The IP has no active license of that package' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The license is yours already, or you asked for it already' })
  request(@CurrentPrincipal() me: Principal, @Body() body: RequestTransferDto): Promise<RequestedTransfer> {
    return this.requests.request(me.user, body);
  }

  @AnswerRoute('accept', 'Hand the license over (it becomes theirs, same id); a request whose license changed meanwhile is closed')
  accept(@CurrentPrincipal() me: Principal, @Param('requestId') requestId: string): Promise<AnsweredTransfer> {
    return this.requests.accept(me.user, requestId);
  }

  @AnswerRoute('reject', 'Keep the license')
  reject(@CurrentPrincipal() me: Principal, @Param('requestId') requestId: string): Promise<AnsweredTransfer> {
    return this.requests.reject(me.user, requestId);
  }

  @AnswerRoute('cancel', 'Withdraw one of your pending requests')
  cancel(@CurrentPrincipal() me: Principal, @Param('requestId') requestId: string): Promise<AnsweredTransfer> {
    return this.requests.withdraw(me.user, requestId);
  }
}
