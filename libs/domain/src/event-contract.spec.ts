import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../../..');

/**
 * Type-checks the domain library as `npm run build` does, with one of its files changed, and
 * returns the errors the compiler reports (file: message).
 */
function typeErrorsWith(file: string, change: (text: string) => string): string[] {
  const path = join(ROOT, file);
  const original = readFileSync(path, 'utf8');
  const changed = change(original);
  expect(changed).not.toBe(original);
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options;
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === path ? changed : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError) =>
    name === path ? ts.createSourceFile(name, changed, language) : getSourceFile(name, language, onError);
  const program = ts.createProgram([join(ROOT, 'libs/domain/src/index.ts')], { ...options, noEmit: true }, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `${diagnostic.file?.fileName.replace(`${ROOT}/`, '') ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
}

/** The text with one property of an object literal (from `key: {` to its closing line) removed. */
const withoutEntry = (text: string, key: string, indent: string) => text.replace(new RegExp(`\\n${indent}${key}: \\{[\\s\\S]*?\\n${indent}\\},`), '');

describe('the published contract of every event is checked by the compiler', () => {
  it('the domain type-checks as it is', () => {
    expect(typeErrorsWith('libs/domain/src/customer.events.ts', (text) => `${text}\n`)).toEqual([]);
  }, 60_000);

  it.each(['RewardRedeemed', 'PersonalDataErased'])('a ledger event type without its contract (%s) does not compile', (type) => {
    const errors = typeErrorsWith('libs/domain/src/customer.events.ts', (text) => withoutEntry(text, type, '  '));
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^libs/domain/src/customer.events.ts: Property '${type}' is missing`))]);
  }, 60_000);

  it('a rule\'s event type without its contract does not compile', () => {
    const errors = typeErrorsWith('libs/domain/src/rules/referral.ts', (text) => withoutEntry(text, 'ReferralQualified', '    '));
    expect(errors).toEqual([expect.stringMatching(/^libs\/domain\/src\/rules\/referral.ts: .*Property 'ReferralQualified' is missing/)]);
  }, 60_000);

  it('a field an event records that its contract leaves out does not compile', () => {
    const errors = typeErrorsWith('libs/domain/src/customer.events.ts', (text) =>
      text.replace('data: { from: string; to: string; qualifyingSpend: number;', 'data: { from: string; to: string; qualifyingSpend: number; reviewedBy: string;'),
    );
    // (The rule that records the event is refused too, for not giving the new field.)
    expect(errors).toContainEqual(expect.stringMatching(/^libs\/domain\/src\/customer.events.ts: .*Property 'reviewedBy' is missing/));
  }, 60_000);
});
