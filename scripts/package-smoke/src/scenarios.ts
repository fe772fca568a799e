// A scratch app built only on the published package, the way an adopter writes one: passport-jwt
// beside the library's strategy, a JWT user mapped to a Principal, the app's own @Public()
// marker, a feature module injecting the library's services, and an OpenAPI document.
import 'reflect-metadata';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Req,
  SetMetadata,
  UseGuards,
  type DynamicModule,
  type ExecutionContext,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { APP_GUARD, NestFactory, Reflector } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ApiTokensService,
  AuditLogService,
  CurrentPrincipal,
  PrivilegeGuard,
  RequirePrivilege,
  TOKEN_STRATEGY_NAME,
  TOKENS_ENTITIES,
  TOKENS_MIGRATIONS,
  TokensModule,
  type ApiTokenView,
  type MappedPrincipal,
  type Page,
  type Principal,
  type PrincipalMapper,
  type TokensModuleOptions,
} from 'nestjs-api-tokens';
import { addTokenSecuritySchemes, ApiTokenAuth } from 'nestjs-api-tokens/swagger';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';

declare module 'nestjs-api-tokens' {
  interface PrivilegeIdRegistry {
    reports: true;
  }
}

export type Platform = 'express' | 'fastify';
export const JWT_SECRET = 'scratch-app-jwt-secret-0123456789abcdef';
export const TOKENS_SECRET = 'scratch-app-tokens-secret-0123456789abcdef';
export const PRIVILEGES = [{ id: 'reports', label: 'Read reports' }] as const;

/** The app's own public marker: the Nest docs recipe, with its own metadata key. */
export const IS_PUBLIC_KEY = 'isPublic';
export const AppPublic = () => SetMetadata(IS_PUBLIC_KEY, true);

interface JwtUser {
  readonly username: string;
  readonly roles: readonly string[];
}

const isJwtUser = (user: unknown): user is JwtUser => typeof user === 'object' && user !== null && 'username' in user && 'roles' in user;

@Injectable()
class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor() {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: JWT_SECRET });
  }

  validate(payload: { sub: string; roles: string[] }): JwtUser {
    return { username: payload.sub, roles: payload.roles };
  }
}

/** JWT roles are privileges; `root` is full access. */
const principalMapper: PrincipalMapper = {
  toPrincipal: (user): MappedPrincipal | null => (isJwtUser(user) ? { user: user.username, privileges: user.roles, fullAccess: user.roles.includes('root') } : null),
};

/** The Nest docs' global authentication guard with its own @Public(), accepting a JWT or a token. */
@Injectable()
class AppAuthGuard extends AuthGuard(['jwt', TOKEN_STRATEGY_NAME]) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context) as Promise<boolean>;
  }
}

@ApiTokenAuth({ forbidden: 'The credential lacks “Read reports”' })
@Controller('g')
export class GlobalController {
  @AppPublic()
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }

  @RequirePrivilege('reports')
  @Get('reports')
  reports(@CurrentPrincipal() me: Principal): { user: string; kind: string } {
    return { user: me.user, kind: me.credential.kind };
  }
}

/** A feature module of the app: it imports TokensModule and injects the library's services. */
@Injectable()
export class MyTokensService {
  constructor(
    private readonly apiTokens: ApiTokensService,
    private readonly audit: AuditLogService,
  ) {}

  async mine(me: Principal): Promise<{ tokens: Page<ApiTokenView>; audited: number }> {
    const tokens = await this.apiTokens.list(me);
    const audited = (await this.audit.query({ actor: me.user })).total;
    return { tokens, audited };
  }
}

@Controller('mine')
class MyTokensController {
  constructor(private readonly tokens: MyTokensService) {}

  @Get()
  mine(@CurrentPrincipal() me: Principal): Promise<{ tokens: Page<ApiTokenView>; audited: number }> {
    return this.tokens.mine(me);
  }
}

@Module({ imports: [TokensModule], controllers: [MyTokensController], providers: [MyTokensService] })
export class MyTokensModule {}

@Controller('chain')
export class ChainController {
  @UseGuards(AuthGuard([TOKEN_STRATEGY_NAME, 'jwt']))
  @Get('token-first')
  tokenFirst(@Req() req: { user: unknown }): { user: unknown } {
    return { user: req.user };
  }

  @UseGuards(AuthGuard(['jwt', TOKEN_STRATEGY_NAME]))
  @Get('jwt-first')
  jwtFirst(@Req() req: { user: unknown }): { user: unknown } {
    return { user: req.user };
  }
}

export type ScenarioKind = 'global' | 'chain';

function rootModule(kind: ScenarioKind, databaseUrl: string): Type {
  const tokens: TokensModuleOptions = { secret: TOKENS_SECRET, privileges: PRIVILEGES, principalMapper, publicMetadataKeys: [IS_PUBLIC_KEY] };
  const imports: DynamicModule[] = [
    TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, entities: [...TOKENS_ENTITIES], migrations: [...TOKENS_MIGRATIONS], migrationsRun: true }),
    TokensModule.forRoot(tokens),
    JwtModule.register({ secret: JWT_SECRET, signOptions: { expiresIn: '1h' } }),
  ];
  if (kind === 'global') {
    // Global guards as Nest's docs register them: the app's authentication, then privileges.
    @Module({
      imports: [...imports, MyTokensModule],
      controllers: [GlobalController],
      providers: [JwtStrategy, { provide: APP_GUARD, useClass: AppAuthGuard }, { provide: APP_GUARD, useExisting: PrivilegeGuard }],
    })
    class GlobalAppModule {}
    return GlobalAppModule;
  }
  @Module({ imports, controllers: [ChainController], providers: [JwtStrategy] })
  class ChainAppModule {}
  return ChainAppModule;
}

/** The app on a platform, listening on a free loopback port. */
export async function startScenarioApp(platform: Platform, kind: ScenarioKind, databaseUrl: string): Promise<{ app: INestApplication; url: string }> {
  const module = rootModule(kind, databaseUrl);
  const app =
    platform === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(module, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}

/** The OpenAPI document of the app, with the library's security scheme. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(app, addTokenSecuritySchemes(new DocumentBuilder().setTitle('scratch')).build());
}
