import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The Compose tool that can validate a file without an engine: `docker compose` or `docker-compose`. */
function composeTool(): string[] | null {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  return null;
}

describe('deployment files', () => {
  const tool = composeTool();
  if (tool) {
    it(`${tool.join(' ')} config accepts docker-compose.yml with the engines and the three services`, () => {
      const checked = spawnSync(tool[0], [...tool.slice(1), '-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, encoding: 'utf8' });
      expect(checked.stderr).toBe('');
      expect(checked.status).toBe(0);
      const services = spawnSync(tool[0], [...tool.slice(1), '-f', 'docker-compose.yml', 'config', '--services'], { cwd: root, encoding: 'utf8' });
      expect(services.stdout.split('\n').filter(Boolean).sort()).toEqual(['api', 'eventstore', 'kafka', 'mongodb', 'projector', 'relay', 'setia']);
    });
  } else {
    process.stdout.write('docker-compose.yml validation NOT RUN: no Compose tool here (apt-get install docker-compose)\n');
    it.todo('docker compose config accepts docker-compose.yml (needs the Compose tool)');
  }

  it('every entry point the compose file and the README name is built by the Dockerfile from a source file', () => {
    const entries = [...new Set([...compose.matchAll(/dist\/(apps\/[a-z]+\/src\/main)\.js/g)].map((match) => match[1]))];
    expect(entries.sort()).toEqual(['apps/api/src/main', 'apps/projector/src/main', 'apps/relay/src/main']);
    for (const entry of [...entries, 'apps/setia/src/main']) {
      expect(existsSync(join(root, `${entry}.ts`))).toBe(true);
      expect(readme).toContain(`dist/${entry}.js`);
    }
    // The image builds apps and libs into dist/ and runs as a non-root user with production dependencies only.
    expect(dockerfile).toMatch(/npm run build && npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('CMD ["node", "dist/apps/setia/src/main.js"]');
  });
});
