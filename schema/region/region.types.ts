import { IsOptional } from 'class-validator';
import { ArgsType, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Region as RegionEntity, RegionLevel } from '../../domain/region/region.entity';
import { IsRegionCode } from '../common/validators';
import { Connection, PageArgs } from '../common/connection';
import { Node, registerNodeType } from '../common/node';

registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Level of an administrative division.',
  valuesConfig: {
    PROVINCE: { description: '省级（省、自治区、直辖市）' },
    PREFECTURE: { description: '地级（地级市、地区、自治州、盟）' },
    COUNTY: { description: '县级（市辖区、县级市、县、旗）' },
  },
});


@ObjectType({ implements: Node, simpleResolvers: true, description: 'An administrative division (行政区划, GB/T 2260).' })
export class Region extends Node {
  @Field({ description: 'Six-digit code, e.g. `210200`.' })
  code: string;

  @Field({ description: 'Name, e.g. 大连市.' })
  name: string;

  @Field(() => RegionLevel)
  level: RegionLevel;

  @Field(() => String, { nullable: true })
  parentCode: string | null;
}
registerNodeType(RegionEntity, 'Region');

@ObjectType({ simpleResolvers: true })
export class RegionConnection extends Connection(Region) {}

@ArgsType()
export class RegionsArgs extends PageArgs {
  @Field({ nullable: true, description: 'List the divisions directly below this one; omit for the provinces.' })
  @IsOptional()
  @IsRegionCode()
  parentCode?: string;
}

@ArgsType()
export class RegionArgs {
  @Field()
  @IsRegionCode()
  code: string;
}
