import { readFileSync } from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { answerSchemas, render, OUT } = require('../../../../scripts/answer-schemas.js');

describe('the answers\' schemas in the OpenAPI document', () => {
  it('are what the answer types generate now (npm run answers writes them)', () => {
    expect(readFileSync(OUT, 'utf8')).toBe(render(answerSchemas()));
  }, 120_000); // the generator type-checks the API's sources: seconds, more on a busy machine

  it('describe a purchase\'s answer field by field, as purchaseAnswer makes it', () => {
    const { ANSWER_SCHEMAS } = require('./answer-schemas');
    const purchase = ANSWER_SCHEMAS.TillController_purchase;
    expect(Object.keys(purchase.properties).sort()).toEqual(
      ['appliedOffers', 'bonusPoints', 'campaigns', 'customerId', 'earned', 'memberDiscount', 'pointsEarned', 'points', 'programRevision', 'purchaseCount', 'receiptId', 'stage', 'tier', 'tierChanged', 'vouchersIssued'].sort(),
    );
    expect(purchase.properties.tier).toEqual({ type: 'string', nullable: true });
    expect(purchase.required).toEqual(expect.arrayContaining(['receiptId', 'points', 'pointsEarned', 'tier']));
  });
});
