// Whether an answer holds what the README shows under its command (`# → {...}`): every field shown
// has that value (objects: the fields shown, recursively; arrays: as many elements, each holding
// what is shown of it). Plain JavaScript, so the walkthrough's shell can ask it with node:
//   node walkthrough-answer.js EXPECTED_FILE < answer   (exit 0 when it holds)
'use strict';

function holds(expected, actual) {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => holds(item, actual[i]));
  }
  if (expected !== null && typeof expected === 'object') {
    return actual !== null && typeof actual === 'object' && !Array.isArray(actual) && Object.keys(expected).every((key) => key in actual && holds(expected[key], actual[key]));
  }
  return Object.is(expected, actual);
}

function answerHolds(expected, text) {
  try {
    return holds(expected, JSON.parse(text));
  } catch {
    return false;
  }
}

module.exports = { holds, answerHolds };

if (require.main === module) {
  const { readFileSync } = require('node:fs');
  const expected = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  process.exit(answerHolds(expected, readFileSync(0, 'utf8')) ? 0 : 1);
}
