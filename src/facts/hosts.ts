/**
 * One host has many names in a bundle: the nova compute host (`pcd-cmp-01` or a UUID-like Platform9
 * host id), the hypervisor host name (FQDN), its IP, and the folder collect.sh wrote (`hosts/<name>/`).
 * The directory joins names that the data says belong together, so "the target's logs" are found
 * whichever name each file uses.
 */
export class HostDirectory {
  private parent = new Map<string, string>();
  private display = new Map<string, string>();

  private key(name: string): string {
    return name.trim().toLowerCase();
  }

  private find(k: string): string {
    let p = this.parent.get(k);
    if (p === undefined) {
      this.parent.set(k, k);
      return k;
    }
    while (p !== k) {
      const gp = this.parent.get(p)!;
      this.parent.set(k, gp);
      k = p;
      p = this.parent.get(k)!;
    }
    return k;
  }

  /** Declares that all these names are the same host (nulls and 'None' are ignored). */
  same(...names: (string | null | undefined)[]): void {
    const real = names.filter((n): n is string => !!n && n !== 'None' && n.trim() !== '');
    for (const n of real) if (!this.display.has(this.key(n))) this.display.set(this.key(n), n);
    for (let i = 1; i < real.length; i++) {
      const a = this.find(this.key(real[0]!));
      const b = this.find(this.key(real[i]!));
      if (a !== b) this.parent.set(b, a);
    }
    if (real.length === 1) this.find(this.key(real[0]!));
  }

  /** Joins short names with FQDNs that are already known (pcd-cmp-01 ↔ pcd-cmp-01.example.net). */
  joinShortNames(): void {
    const names = [...this.display.keys()];
    const known = new Set(names);
    for (const n of names) {
      if (/^\d+\.\d+\.\d+\.\d+$/.test(n)) continue;
      const short = n.split('.')[0]!;
      if (short !== n && known.has(short)) this.same(n, short);
    }
  }

  isSame(a: string | null | undefined, b: string | null | undefined): boolean {
    if (!a || !b) return false;
    return this.find(this.key(a)) === this.find(this.key(b));
  }

  /** Every name known for the host of `name` (including itself). */
  aliases(name: string | null | undefined): string[] {
    if (!name) return [];
    const root = this.find(this.key(name));
    const out: string[] = [];
    for (const k of this.display.keys()) if (this.find(k) === root) out.push(this.display.get(k)!);
    return out;
  }

  /** True when `name` is one of the names of any host in `hosts`. */
  inAny(name: string | null | undefined, hosts: (string | null)[]): boolean {
    return hosts.some((h) => this.isSame(name, h));
  }
}
