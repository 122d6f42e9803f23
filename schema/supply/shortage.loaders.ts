import DataLoader from 'dataloader';
import type { ShortageCatalogEntry } from '../../domain/supply/shortage-catalog.entity';
import type { ShortageCatalogService } from '../../domain/supply/shortage-catalog.service';

/** The entries of every catalog a request lists, in one query. */
export function shortageCatalogEntriesLoader(service: ShortageCatalogService): DataLoader<string, ShortageCatalogEntry[]> {
  return new DataLoader<string, ShortageCatalogEntry[]>(async (ids) => {
    const found = await service.entriesOf(ids);
    return ids.map((id) => found.get(id) ?? []);
  });
}
