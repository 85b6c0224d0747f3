/**
 * Throughput check run by hand (not a test; it does nothing when loaded by uvu):
 *
 *   npx tsx test/parsers/logs/throughput.bench.ts [MB] [file]
 *
 * Builds ~MB megabytes (default 200) of synthetic oslo lines in memory (or reads `file`), then times
 * forEachLine alone, forEachLine + oslo parseLine on every line, readLog (all records delivered) and
 * readLog with a selective `select` (the pipeline's prefilter case).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { forEachLine, osloParser, readLog } from '../../../src/parsers/logs';

function uuid(i: number): string {
  return `${(0x10000000 + i * 7919).toString(16).slice(-8)}-17f7-4b8c-870d-${(0x100000000000 + i).toString(16).slice(-12)}`;
}

export function synthesize(targetBytes: number): Buffer[] {
  const base = Date.UTC(2025, 5, 2, 14, 0, 0);
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const t = new Date(base + i * 37).toISOString().replace('T', ' ').slice(0, 23);
    const inst = uuid(i >> 4);
    let s: string;
    switch (i % 10) {
      case 0: case 1: case 2:
        s = `${t} 41822 DEBUG nova.compute.resource_tracker [None req-${uuid(i)} - - - - - -] [instance: ${inst}] Skipping migration as instance is neither resizing nor live-migrating. _update_usage_from_migrations /usr/lib/python3.9/site-packages/nova/compute/resource_tracker.py:1491\n`;
        break;
      case 3: case 4: case 5:
        s = `${t} 41822 INFO nova.compute.manager [None req-${uuid(i)} 577363d2d3b24002a81bcb2eddd79595 79132bb79d6d4b5dab88a933d18d2a36 - - default default] [instance: ${inst}] Took 2.31 seconds for pre_live_migration on destination host hv-02.\n`;
        break;
      case 6:
        s = `${t} 41822 INFO nova.osapi_compute.wsgi.server [req-${uuid(i)} req-${uuid(i + 1)} 9942eb4321644336a0c7383d9f1c2bed a7d812868cb74f1a978035530f55f1d0 - default default] 192.168.112.146 "POST /v2.1/servers/${uuid(i)}/action HTTP/1.1" status: 202 len: 876 time: 1.6947610\n`;
        break;
      case 7:
        s = `${t} 41822 WARNING nova.virt.libvirt.migration [-] [instance: ${inst}] Live migration not completed after 800 sec\n`;
        break;
      case 8: {
        const p = `${t} 41822 ERROR nova.virt.libvirt.driver [instance: ${inst}] `;
        s =
          `${t} 41822 ERROR nova.virt.libvirt.driver [None req-${uuid(i)} 577363d2d3b24002a81bcb2eddd79595 79132bb79d6d4b5dab88a933d18d2a36 - - default default] [instance: ${inst}] Live Migration failure: operation failed: domain is not running: libvirt.libvirtError: operation failed: domain is not running\n` +
          `${p}Traceback (most recent call last):\n` +
          `${p}  File "/usr/lib/python3.9/site-packages/nova/virt/libvirt/driver.py", line 10320, in _live_migration_operation\n` +
          `${p}    guest.migrate(self._live_migration_uri(dest),\n` +
          `${p}libvirt.libvirtError: operation failed: domain is not running\n` +
          `${p}\n`;
        break;
      }
      default:
        s = `${t} 41822 INFO nova.compute.manager [-] [instance: ${inst}] VM Paused (Lifecycle Event)\n`;
    }
    parts.push(s);
    bytes += s.length;
  }
  const all = Buffer.from(parts.join(''), 'utf8');
  const chunks: Buffer[] = [];
  for (let o = 0; o < all.length; o += 64 * 1024) chunks.push(all.subarray(o, o + 64 * 1024));
  return chunks;
}

const best = new Map<string, number>();

async function time(label: string, bytes: number, fn: () => Promise<string>): Promise<void> {
  const t0 = process.hrtime.bigint();
  const extra = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const mbs = bytes / 1048576 / s;
  best.set(label, Math.max(best.get(label) ?? 0, mbs));
  console.log(`${label.padEnd(44)} ${mbs.toFixed(0).padStart(5)} MB/s  (${s.toFixed(2)} s) ${extra}`);
}

async function main(): Promise<void> {
  const mb = Number(process.argv[2] ?? 200);
  const file = process.argv[3];
  const chunks = file ? null : synthesize(mb * 1048576);
  const total = chunks ? chunks.reduce((n, c) => n + c.length, 0) : (await import('node:fs')).statSync(file!).size;
  const src = (): AsyncIterable<Buffer> =>
    chunks ? Readable.from(chunks, { objectMode: true }) : createReadStream(file!, { highWaterMark: 256 * 1024 });
  console.log(`input ${(total / 1048576).toFixed(0)} MB ${file ?? '(in memory, 64 KiB chunks)'}, node ${process.version}`);
  const rounds = Number(process.env.ROUNDS ?? 3);
  for (let round = 0; round < rounds; round++) {
    await time('forEachLine', total, async () => {
      const st = await forEachLine(src(), 1024 * 1024, () => {});
      return `${st.lines} lines`;
    });
    await time('forEachLine + oslo parseLine (every line)', total, async () => {
      let n = 0;
      await forEachLine(src(), 1024 * 1024, (line, no) => {
        if (osloParser.parseLine(line, no)) n++;
      });
      return `${n} records`;
    });
    await time('readLog, all records delivered', total, async () => {
      let n = 0;
      let c = 0;
      await readLog(src(), 'nova-compute', { maxLineBytes: 1024 * 1024 }, (_r, cont) => {
        n++;
        c += cont.length;
      });
      return `${n} records, ${c} continuation lines`;
    });
    const pre = /Live Migration failure|libvirtError/;
    await time('readLog, select = prefilter regex', total, async () => {
      let n = 0;
      await readLog(src(), 'nova-compute', { maxLineBytes: 1024 * 1024 }, () => n++, { select: (l) => pre.test(l) });
      return `${n} records`;
    });
  }
  console.log(`best of ${rounds}:`);
  for (const [label, mbs] of best) console.log(`  ${label.padEnd(44)} ${mbs.toFixed(0).padStart(5)} MB/s`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
