import { Inject, Injectable } from '@nestjs/common';
import { CustomerNotFound } from '@setia/domain';
import { PersonalData } from '@setia/personal-data';
import { TENANT_TIME } from './clock';
import type { TenantTime } from './clock';
import { CustomerLedger } from './customer-ledger.service';
import type { CommandContext } from './envelope';

export interface ErasureAnswer {
  customerId: string;
  personalDataErased: true;
  erasedAt: string;
}

/** One erasure per customer: a repeated request finds it recorded and answers the same. */
export const ERASURE_COMMAND_ID = 'erase-personal-data';

/**
 * A member asks to be forgotten. The key goes first, then the ledger records that it went: if the
 * append fails the key is gone anyway and a retry records it, whereas the other order could leave
 * a ledger saying "erased" over data that can still be read.
 */
@Injectable()
export class PersonalDataErasure {
  constructor(
    private readonly ledger: CustomerLedger,
    private readonly personalData: PersonalData,
    @Inject(TENANT_TIME) private readonly time: TenantTime,
  ) {}

  async erase(context: CommandContext, customerId: string): Promise<ErasureAnswer> {
    const state = await this.ledger.state(context.tenant, customerId);
    if (!state.known) throw new CustomerNotFound(customerId);
    const now = await this.time.now(context.tenant);
    await this.personalData.erase(context.tenant, customerId, now);
    const { events } = await this.ledger.execute({
      context,
      customerId,
      commandId: ERASURE_COMMAND_ID,
      needsProgram: false,
      build: (now) => ({ type: 'ErasePersonalData', data: { customerId, now } }),
    });
    const erased = events.find((event) => event.type === 'PersonalDataErased');
    return { customerId, personalDataErased: true, erasedAt: erased?.type === 'PersonalDataErased' ? erased.data.erasedAt : now };
  }
}
