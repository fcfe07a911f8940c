import { BadRequestException, Param } from '@nestjs/common';
import type { PipeTransform } from '@nestjs/common';
import { CARD_NUMBER_PATTERN, CARD_NUMBER_RULE, TENANT_ID_PATTERN } from '@setia/domain';
import { ID_PATTERN } from './fields';

class PatternPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string, private readonly pattern: RegExp, private readonly rule: string) {}

  transform(value: string): string {
    if (!this.pattern.test(value)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${this.name} must be ${this.rule}`, field: this.name });
    }
    return value;
  }
}

/** The tenant path parameter: lower-case letters, digits and _, so stream names stay unambiguous. */
export const TenantParam = () =>
  Param('tenant', new PatternPipe('tenant', TENANT_ID_PATTERN, 'lower-case letters, digits and _ (at most 64)'));

export const IdParam = (name: string) =>
  Param(name, new PatternPipe(name, ID_PATTERN, 'letters, digits and . _ : @ - (at most 128)'));

/** A card number in the path (URL-encoded spaces allowed); the message names the field, never the number. */
export const CardNumberParam = () => Param('cardNumber', new PatternPipe('cardNumber', CARD_NUMBER_PATTERN, CARD_NUMBER_RULE));
