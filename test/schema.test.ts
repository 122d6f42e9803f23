import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAppSchema, printAppSchema } from '../schema/build';

describe('the committed contract', () => {
  it('schema/schema.graphql is exactly what the code builds (run `npm run schema:print` after a deliberate change)', async () => {
    const committed = readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(printAppSchema(await buildAppSchema())).toBe(committed);
  });

  it('keeps the conventions of API.md: Node ids, connections, payloads with userErrors, the scalars', async () => {
    const sdl = printAppSchema(await buildAppSchema());
    expect(sdl).toMatch(/interface Node \{\s+"""[^"]*"""\s+id: ID!/);
    expect(sdl).toMatch(/type PageInfo \{[^}]*endCursor: String[^}]*hasNextPage: Boolean!/s);
    expect(sdl).toMatch(/type UserError \{[^}]*code: String![^}]*field: \[String!\][^}]*message: String!/s);
    for (const scalar of ['Date', 'DateTime', 'Decimal']) expect(sdl).toContain(`scalar ${scalar}`);
  });

  it('prints enum values in their declared order, skill levels lowest first as API.md lists them', async () => {
    const sdl = printAppSchema(await buildAppSchema());
    const block = /enum SkillLevel \{([^}]*)\}/.exec(sdl)![1];
    const values = block.replace(/"""[\s\S]*?"""/g, '').split(/\s+/).filter(Boolean);
    expect(values).toEqual(['APPRENTICE', 'JUNIOR', 'INTERMEDIATE', 'SENIOR', 'TECHNICIAN', 'SENIOR_TECHNICIAN', 'SPECIAL_TECHNICIAN', 'CHIEF_TECHNICIAN']);
  });
});
