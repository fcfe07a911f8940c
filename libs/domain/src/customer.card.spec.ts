import type { CardReplaced, PersonalDataErased } from './customer.events';
import type { ReplaceCard } from './customer.commands';
import { foldCustomer } from './customer.state';
import { AlreadyEnrolled, CustomerForgotten, CustomerNotFound, NotAMember } from './errors';
import { normalisedCardNumber, sameCard } from './member-cards';
import { customerSpec } from './testing/decider-spec';
import { CUSTOMER, enrol, enrolled, NOW, purchased } from './testing/fixtures';

const replace = (cardNumber: string): ReplaceCard => ({ type: 'ReplaceCard', data: { customerId: CUSTOMER, cardNumber, now: NOW } });
const replaced = (cardNumber: string): CardReplaced => ({ type: 'CardReplaced', data: { cardNumber, occurredAt: NOW } });
const erased: PersonalDataErased = { type: 'PersonalDataErased', data: { erasedAt: NOW } };

describe('a member\'s card replaced', () => {
  it('a member who lost their card gets the new number recorded', () => {
    customerSpec.given([enrolled(), purchased()]).when(replace('CARD-0002')).then([replaced('CARD-0002')]);
  });

  it('the new number is the member\'s card from then on; points, tier and history stay', () => {
    const before = foldCustomer([enrolled(), purchased()]);
    const after = foldCustomer([enrolled(), purchased(), replaced('CARD-0002')]);
    expect(after.member?.cardNumber).toBe('CARD-0002');
    expect(after).toMatchObject({ points: before.points, tier: before.tier, purchaseCount: 1 });
  });

  it.each([
    ['the card number the member holds', 'CARD-0001'],
    ['the same card grouped otherwise', 'card 0001'],
  ])('%s again decides nothing (a till may send it twice)', (_what, cardNumber) => {
    customerSpec.given([enrolled()]).when(replace(cardNumber)).thenNothing();
  });

  it('a second replacement after the first is recorded, and the first number again is a replacement too', () => {
    customerSpec.given([enrolled(), replaced('CARD-0002')]).when(replace('CARD-0003')).then([replaced('CARD-0003')]);
    customerSpec.given([enrolled(), replaced('CARD-0002')]).when(replace('CARD-0001')).then([replaced('CARD-0001')]);
  });

  it('a customer the ledger does not know, or a buyer who never enrolled, has no card to replace', () => {
    customerSpec.given([]).when(replace('CARD-0002')).thenThrows(CustomerNotFound, { field: 'customerId' });
    customerSpec.given([purchased()]).when(replace('CARD-0002')).thenThrows(NotAMember, { field: 'customerId' });
  });

  it('a member who asked to be forgotten gets no new card number recorded', () => {
    customerSpec.given([enrolled(), erased]).when(replace('CARD-0002')).thenThrows(CustomerForgotten, { field: 'customerId' });
  });

  it('erasure forgets the replaced number too', () => {
    expect(foldCustomer([enrolled(), replaced('CARD-0002'), erased]).member?.cardNumber).toBeNull();
  });

  it('the enrolment retried after a replacement is no longer the member\'s details: refused as already enrolled', () => {
    customerSpec.given([enrolled(), replaced('CARD-0002')]).when(enrol()).thenThrows(AlreadyEnrolled);
  });

  it('a sealed number (the auditor\'s re-decision has no key) never equals the one held, so the replacement recorded is decided again', () => {
    const sealed = (data: string) => ({ enc: 'v1', iv: 'aXY=', data, tag: 'dGFn' }) as unknown as string;
    customerSpec.given([enrolled({ cardNumber: sealed('b2xk') })]).when(replace(sealed('bmV3'))).then([replaced(sealed('bmV3'))]);
  });
});

describe('card numbers', () => {
  it('identify a card without their grouping or the case of their letters', () => {
    expect(normalisedCardNumber(' 6001-0001 ab ')).toBe('60010001AB');
    expect(sameCard('6001 0001', '6001-0001')).toBe(true);
    expect(sameCard('6001 0001', '60010001')).toBe(true);
    expect(sameCard('6001 0001', '6001 0002')).toBe(false);
  });

  it('a number erased (null) or sealed is the same as nothing', () => {
    expect(sameCard(null, null)).toBe(false);
    expect(sameCard(null, '6001 0001')).toBe(false);
    const sealed = { enc: 'v1', iv: 'aXY=', data: 'b2xk', tag: 'dGFn' };
    expect(sameCard(sealed, sealed)).toBe(false);
  });
});
