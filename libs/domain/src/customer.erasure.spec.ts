import type { CustomerEvent, PersonalDataErased } from './customer.events';
import { foldCustomer } from './customer.state';
import { AlreadyEnrolled, CustomerNotFound } from './errors';
import { customerSpec } from './testing/decider-spec';
import { CUSTOMER, enrol, enrolled, NOW, purchased } from './testing/fixtures';
import type { ErasePersonalData } from './customer.commands';

const erase = (): ErasePersonalData => ({ type: 'ErasePersonalData', data: { customerId: CUSTOMER, now: NOW } });
const erased: PersonalDataErased = { type: 'PersonalDataErased', data: { erasedAt: NOW } };
const feedbackWithComment: CustomerEvent = {
  type: 'FeedbackSubmitted',
  data: { feedbackId: 'fb-1', storeId: 'jkt-1', nps: 9, comment: 'Kasir ramah', occurredAt: NOW },
};

describe('personal data erasure', () => {
  it('a customer asking to be forgotten gets the erasure recorded', () => {
    customerSpec.given([enrolled({ birthday: '1990-04-17' }), purchased()]).when(erase()).then([erased]);
  });

  it('erasing twice records one erasure', () => {
    customerSpec.given([enrolled(), erased]).when(erase()).thenNothing();
  });

  it('a customer the ledger does not know cannot be erased', () => {
    customerSpec.given([]).when(erase()).thenThrows(CustomerNotFound);
  });

  it('after the erasure the state holds no card number, birthday or comment, and the points stay', () => {
    const before = foldCustomer([enrolled({ birthday: '1990-04-17' }), purchased(), feedbackWithComment]);
    const after = foldCustomer([enrolled({ birthday: '1990-04-17' }), purchased(), feedbackWithComment, erased]);
    expect(after.member).toMatchObject({ cardNumber: null, birthday: null });
    expect(after.feedback.get('fb-1')).toMatchObject({ comment: null, nps: 9 });
    expect(after).toMatchObject({ personalDataErased: true, points: before.points, tier: before.tier, purchaseCount: before.purchaseCount });
  });

  it('a forgotten member enrolling again with their old card is refused, not recorded a second time', () => {
    customerSpec.given([enrolled(), erased]).when(enrol()).thenThrows(AlreadyEnrolled);
  });
});
