import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppSchema, printAppSchema } from './build';

/** `npm run schema:print`: rewrites schema/schema.graphql from the code; commit the result. */
buildAppSchema().then((schema) => {
  writeFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), printAppSchema(schema));
  process.stdout.write('schema/schema.graphql written\n');
});
