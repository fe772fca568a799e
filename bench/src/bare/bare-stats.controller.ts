import { Controller, Get } from '@nestjs/common';
import { bareQueryCounter } from './query-counter.js';

@Controller('bench')
export class BareStatsController {
  /** Same shape as the demo's /bench/stats. */
  @Get('stats')
  stats(): { pid: number; cpuMicros: number; rssBytes: number; queries: { total: number; byKind: Record<string, number> } } {
    const cpu = process.cpuUsage();
    return { pid: process.pid, cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage().rss, queries: bareQueryCounter.snapshot() };
  }
}
