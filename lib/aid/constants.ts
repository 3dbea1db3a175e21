/** Paperwork for an advance (先救助后补手续) is due this many days after payment. A working figure,
 * to be made data per city like the caps if the province sets one. */
export const PAPERWORK_DAYS = 15;
