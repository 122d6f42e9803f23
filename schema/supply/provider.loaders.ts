import DataLoader from 'dataloader';
import type { ProviderAdmission } from '../../domain/supply/provider.entity';
import type { ProviderService } from '../../domain/supply/provider.service';

export function providerAdmissionsLoader(providers: ProviderService): DataLoader<string, ProviderAdmission[]> {
  return new DataLoader<string, ProviderAdmission[]>(async (ids) => {
    const found = await providers.admissionsOf(ids);
    return ids.map((id) => found.get(id) ?? []);
  });
}
