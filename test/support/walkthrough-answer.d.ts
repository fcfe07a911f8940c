/** See walkthrough-answer.js. */
export function holds(expected: unknown, actual: unknown): boolean;
export function answerHolds(expected: unknown, text: string): boolean;
