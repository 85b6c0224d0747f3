/**
 * One row of a service list (`compute service list`, `volume service list`) as a `Service`: both
 * clients print the same Binary / Host / Zone / Status / State / Updated At columns.
 */
import type { Service } from '../../facts/model';
import { field, isoTime, str, type Rec } from '../cli';

export function serviceRow(r: Rec, kind: Service['kind'], extra: Pick<Service, 'id' | 'forcedDown'>): Service | string {
  const binary = str(field(r, 'Binary'));
  const host = str(field(r, 'Host'));
  if (!binary || !host) return 'no Binary / Host';
  return {
    kind,
    id: extra.id,
    binary,
    host,
    zone: str(field(r, 'Zone')),
    status: str(field(r, 'Status')),
    state: str(field(r, 'State')),
    updatedAt: isoTime(field(r, 'Updated At', 'updated_at')),
    disabledReason: str(field(r, 'Disabled Reason', 'disabled_reason')),
    forcedDown: extra.forcedDown,
  };
}
