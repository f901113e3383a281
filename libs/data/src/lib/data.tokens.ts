/** Injection tokens of the data service. */
export const DATA_STORES = Symbol('DATA_STORES');
export const INVENTORY = Symbol('INVENTORY');
