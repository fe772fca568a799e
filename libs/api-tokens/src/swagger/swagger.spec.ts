// The Swagger helpers against a real @nestjs/swagger document: schemes, requirements, refusals.
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ApiTokenAuth } from './api-token-auth.decorator.js';
import { addTokenSecuritySchemes, CPANEL_SECURITY_SCHEME, WHM_SECURITY_SCHEME } from './security-schemes.js';

@Controller('reports')
@ApiTokenAuth({ forbidden: 'The credential lacks “Read reports”' })
class ReportsController {
  @Get() list(): string[] {
    return [];
  }
}

@Controller('either')
class EitherController {
  @ApiTokenAuth({ schemes: ['cpanel', 'whm'], tooManyRequests: false })
  @Get() get(): string {
    return 'ok';
  }

  @Get('open') open(): string {
    return 'open';
  }
}

async function documentOf(schemes: readonly ('cpanel' | 'whm')[] | undefined): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({ controllers: [ReportsController, EitherController] }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  await app.init();
  try {
    return SwaggerModule.createDocument(app, addTokenSecuritySchemes(new DocumentBuilder().setTitle('spec'), { schemes }).build());
  } finally {
    await app.close();
  }
}

describe('Swagger helpers', () => {
  it('declare the cpanel scheme only, by default: an apiKey in the Authorization header', async () => {
    const doc = await documentOf(undefined);
    expect(Object.keys(doc.components?.securitySchemes ?? {})).toEqual([CPANEL_SECURITY_SCHEME]);
    expect(doc.components?.securitySchemes?.[CPANEL_SECURITY_SCHEME]).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(JSON.stringify(doc.components).toLowerCase()).not.toContain('whm');
  });

  it('declare whm too when the app accepts it', async () => {
    const doc = await documentOf(['cpanel', 'whm']);
    expect(Object.keys(doc.components?.securitySchemes ?? {})).toEqual([CPANEL_SECURITY_SCHEME, WHM_SECURITY_SCHEME]);
    expect(doc.components?.securitySchemes?.[WHM_SECURITY_SCHEME]).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
  });

  it('@ApiTokenAuth adds the requirement and documents 401 (challenge), 403, 429 and 503 (Retry-After)', async () => {
    const op = (await documentOf(undefined)).paths['/reports']?.get;
    expect(op?.security).toEqual([{ cpanel: [] }]);
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '401', '403', '429', '503']);
    expect(op?.responses['401']).toMatchObject({ headers: { 'WWW-Authenticate': expect.any(Object) } });
    expect(op?.responses['403']).toMatchObject({ description: 'The credential lacks “Read reports”' });
    expect(op?.responses['429']).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } });
    expect(op?.responses['503']).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } });
  });

  it('on a route: any of the listed schemes, without 429 when failure limiting is off; other routes untouched', async () => {
    const doc = await documentOf(['cpanel', 'whm']);
    const op = doc.paths['/either']?.get;
    expect(op?.security).toEqual([{ cpanel: [] }, { whm: [] }]);
    expect(op?.responses['429']).toBeUndefined();
    expect(doc.paths['/either/open']?.get?.security).toBeUndefined();
    expect(doc.paths['/either/open']?.get?.responses['401']).toBeUndefined();
  });

  it('refuses an empty list of schemes', () => {
    expect(() => addTokenSecuritySchemes(new DocumentBuilder(), { schemes: [] })).toThrow('at least one scheme');
  });
});
