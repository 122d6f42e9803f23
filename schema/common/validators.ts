import { Matches } from 'class-validator';
import { OCCUPATION_CODE } from '../../domain/occupation/occupation.entity';
import { REGION_CODE } from '../../domain/region/region.entity';

/** A six-digit GB/T 2260 region code; the message names the field it guards. */
export const IsRegionCode = () => Matches(REGION_CODE, { message: ({ property }) => `${property} must be a six-digit GB/T 2260 code such as 210200` });

/** A 2022 classification code; the message names the field it guards. */
export const IsOccupationCode = () => Matches(OCCUPATION_CODE, { message: ({ property }) => `${property} must look like 4-04-05-05 (2022 classification)` });
