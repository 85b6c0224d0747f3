/** Shared readers and value helpers for openstack client (cliff / osc-lib) output. */
export * from './errors';
export * from './outcome';
export * from './pyrepr';
export * from './read';
export * from './table';
export * from './values';
export * from './fragment';
export * from './session';
