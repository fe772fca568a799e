// GET /bench/stats in every app under test: CPU time, memory and SQL statements so far; the
// benchmark reads it before and after each run.
import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from 'nestjs-api-tokens';
import { queryCounter, type QueryCounts } from './query-counter.js';

export interface BenchStats {
  pid: number;
  /** CPU time this process has used (user + system), in microseconds: cost per request = delta / requests. */
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  queries: QueryCounts;
}

@ApiExcludeController()
@Public()
@Controller('bench')
export class BenchStatsController {
  @Get('stats')
  stats(): BenchStats {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return { pid: process.pid, cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, queries: queryCounter.snapshot() };
  }
}
