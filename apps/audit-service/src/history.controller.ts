import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { ProtectedEventStore } from '#personal-data';
import {
  diffReport,
  groupAt,
  groupDiff,
  groupReport,
  groupTimeline,
  type ChainStore,
  type ChainVerification,
  type TimelineEntry,
  userAt,
  userDiff,
  userReport,
  userTimeline,
  verifyChain,
} from '#history';
import { ProblemDetailsFilter } from '#platform';
import { AuditTokenGuard } from './audit-token.guard.js';
import { asOfParam, diffParams, timelineParams } from './history.params.js';

export const HISTORY_SOURCES = Symbol('HistorySources');

export interface HistorySources {
  /** Opens personal data for the history; `stored`, as on disk, for the chain. */
  readonly eventStore: ProtectedEventStore;
  /** The tenants' hash chains, kept by a ChainKeeper following the same store. */
  readonly chain: ChainStore;
}

export interface TimelinePage {
  readonly entries: readonly TimelineEntry[];
  /** Pass as `after` to read the next page; absent on the last page. */
  readonly next?: string;
}

type Params = Record<string, unknown>;

/**
 * The history of one user or group, replayed from the event store: its timeline of changes, its
 * state at any moment, and what changed between two moments. Read-only; the audit token guards it
 * as it guards the audit log.
 */
@Controller('audit/tenants/:tenant')
@UseFilters(ProblemDetailsFilter)
@UseGuards(AuditTokenGuard)
export class HistoryController {
  private readonly store: ProtectedEventStore;
  private readonly chain: ChainStore;

  constructor(@Inject(HISTORY_SOURCES) sources: HistorySources) {
    this.store = sources.eventStore;
    this.chain = sources.chain;
  }

  /**
   * Recomputes the tenant's hash chain from the event store and compares it with the recorded
   * links: `firstBreak` names the first event altered, missing or slipped in. Reads the whole
   * store, so it takes time in proportion to it.
   */
  @Get('verify')
  @Header('Cache-Control', 'no-store')
  verify(@Param('tenant') tenant: string): Promise<ChainVerification> {
    return verifyChain(this.store.stored, this.chain, tenant);
  }

  @Get('users/:id/history')
  @Header('Cache-Control', 'no-store')
  userHistory(@Param('tenant') tenant: string, @Param('id') id: string, @Query() query: Params) {
    return this.page(userTimeline(this.store, tenant, id), timelineParams(query), 'user', id);
  }

  @Get('groups/:id/history')
  @Header('Cache-Control', 'no-store')
  groupHistory(@Param('tenant') tenant: string, @Param('id') id: string, @Query() query: Params) {
    return this.page(groupTimeline(this.store, tenant, id), timelineParams(query), 'group', id);
  }

  @Get('users/:id')
  @Header('Cache-Control', 'no-store')
  async user(@Param('tenant') tenant: string, @Param('id') id: string, @Query() query: Params) {
    const at = await userAt(this.store, tenant, id, asOfParam(query));
    if (at.revision < 0) throw notFound('user', id);
    return userReport(id, at);
  }

  @Get('groups/:id')
  @Header('Cache-Control', 'no-store')
  async group(@Param('tenant') tenant: string, @Param('id') id: string, @Query() query: Params) {
    const withMembers = query['members'] !== 'false';
    const at = await groupAt(this.store, tenant, id, asOfParam(query), { withMembers });
    if (at.revision < 0) throw notFound('group', id);
    return groupReport(id, at);
  }

  @Get('users/:id/diff')
  @Header('Cache-Control', 'no-store')
  async userDiff(@Param('tenant') tenant: string, @Param('id') id: string, @Query() query: Params) {
    const { from, to } = diffParams(query);
    const diff = await userDiff(this.store, tenant, id, from, to);
    if (diff.to.revision < 0 && diff.from.revision < 0) throw notFound('user', id);
    return diffReport(diff);
  }

  @Get('groups/:id/diff')
  @Header('Cache-Control', 'no-store')
  async groupDiff(
    @Param('tenant') tenant: string,
    @Param('id') id: string,
    @Query() query: Params,
  ) {
    const { from, to } = diffParams(query);
    const diff = await groupDiff(this.store, tenant, id, from, to);
    if (diff.to.revision < 0 && diff.from.revision < 0) throw notFound('group', id);
    return diffReport(diff);
  }

  /** One page of a timeline: the entries after revision `after`, streamed until the page is full. */
  private async page(
    timeline: AsyncGenerator<TimelineEntry>,
    { after, limit }: { after: number; limit: number },
    kind: string,
    id: string,
  ): Promise<TimelinePage> {
    const entries: TimelineEntry[] = [];
    let more = false;
    let seen = false;
    for await (const entry of timeline) {
      seen = true;
      if (entry.revision <= after) continue;
      if (entries.length === limit) {
        more = true;
        break;
      }
      entries.push(entry);
    }
    await timeline.return(undefined);
    if (!seen) throw notFound(kind, id);
    const last = entries.at(-1);
    return more && last !== undefined ? { entries, next: String(last.revision) } : { entries };
  }
}

function notFound(kind: string, id: string): NotFoundException {
  return new NotFoundException(`No ${kind} with id ${id} in this tenant's history`);
}
