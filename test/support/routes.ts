// The routes an application serves, read from its controllers' metadata the way Nest's router
// reads it (works on either platform): "GET /api/tokens/:name", "ALL /XMLlicenseAdd.cgi", …
// Suites that must cover every route compare their table with this list, so a new route fails
// them until someone decides how it is covered.
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

function joinPath(...parts: Array<string | undefined>): string {
  const joined = parts
    .filter((p): p is string => p !== undefined && p !== '' && p !== '/')
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .join('/');
  return `/${joined}`;
}

/** "METHOD /path" for every route handler of every controller, sorted, without duplicates. */
export function listRoutes(app: INestApplication): string[] {
  const scanner = new MetadataScanner();
  const routes = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat();
      for (const name of scanner.getAllMethodNames(controller.prototype as object)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        for (const prefix of base) for (const path of [paths].flat()) routes.add(`${RequestMethod[method]} ${joinPath(prefix, path)}`);
      }
    }
  }
  return [...routes].sort();
}
