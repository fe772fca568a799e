// Checks the rule of every route when the app starts, so that a contradiction (`@Public()` with
// `@RequirePrivilege`, Basic with `@AllowCrossSite()`) or an undeclared privilege id stops
// `app.init()` with a message naming the route, instead of surfacing on the first request — or
// never, on a route nobody calls in tests.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { RouteRuleError, RouteRules } from './route-rules.js';

@Injectable()
export class RouteRulesVerifier implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly rules: RouteRules,
  ) {}

  onModuleInit(): void {
    const problems: string[] = [];
    const seen = new Set<object>();
    // Controllers (HTTP routes) and class providers (GraphQL resolvers, gateways) alike: the
    // guards read the same metadata wherever they run.
    const wrappers = [...this.discovery.getControllers(), ...this.discovery.getProviders()];
    for (const wrapper of wrappers) {
      const type = wrapper.metatype;
      if (typeof type !== 'function' || wrapper.inject || seen.has(type)) continue;
      seen.add(type);
      const prototype = type.prototype as Record<string, unknown> | undefined;
      if (!prototype) continue;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        try {
          this.rules.verify(type, handler);
        } catch (error) {
          if (!(error instanceof RouteRuleError)) throw error;
          problems.push(error.message);
        }
      }
    }
    if (problems.length > 0) {
      throw new RouteRuleError(`TokensModule: ${problems.length} route(s) with contradictory rules or unknown privileges:\n- ${problems.join('\n- ')}`);
    }
  }
}
