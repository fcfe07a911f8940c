import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN, ROLES, TENANT_ID_PATTERN } from '@setia/domain';
import type { KeyRole } from '@setia/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { InstantField } from '../http/fields';

export class TenantDto {
  @ApiProperty({ description: 'The chain\'s id: lower-case letters, digits and _ (at most 64)', pattern: TENANT_ID_PATTERN.source, example: 'kopi_nusantara' })
  @IsString({ message: 'tenantId must be text' })
  @Matches(TENANT_ID_PATTERN, { message: 'tenantId must be lower-case letters, digits and _ (at most 64)' })
  tenantId: string;

  @ApiPropertyOptional({ description: 'A tenant for testing, whose clock an admin moves forward (PUT /v1/tenants/{tenant}/clock)', default: false })
  @IsOptional()
  @IsBoolean({ message: 'sandbox must be true or false' })
  sandbox?: boolean;
}

export class ClockDto {
  @InstantField('The time to move a sandbox tenant\'s clock to: forward only')
  now: string;
}

export class KeyRequestDto {
  @ApiProperty({
    enum: ROLES,
    description: 'admin: program and keys; pos: till posts; auditor: ledgers; analyst: dashboards and lists; platform: only under /v1/tenants/platform/keys',
  })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: KeyRole;

  @ApiPropertyOptional({ type: [String], description: 'pos keys only: the stores the till may post for; absent means every store', example: ['JKT-01'] })
  @IsOptional()
  @IsArray({ message: 'stores must be a list of store ids' })
  @ArrayMinSize(1, { message: 'stores must name at least one store' })
  @ArrayMaxSize(1000, { message: 'stores must name at most 1000 stores' })
  @Matches(ID_PATTERN, { each: true, message: 'stores must be store ids (letters, digits and . _ : @ -)' })
  stores?: string[];
}
