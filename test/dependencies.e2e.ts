import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';

const root = join(__dirname, '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('the Node.js version the README names', () => {
  const named = /with Node\.js (\d+\.\d+) or newer/.exec(readme)?.[1];

  it('is the lowest one package.json accepts', () => {
    expect(named).toBe('20.19');
    expect(pkg.engines.node).toBe(`>=${named}`);
  });

  it('is accepted by every package npm ci installs (no engine warning)', () => {
    const refused = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .filter(([, entry]) => !satisfies(`${named}.0`, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${(entry.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });
});
