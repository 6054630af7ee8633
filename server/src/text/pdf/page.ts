/** A4 portrait, in PDF points, with 2 cm margins. */
export const pageWidth = 595.28;
export const pageHeight = 841.89;
export const margin = 57; // 2 cm
export const contentWidth = pageWidth - 2 * margin;

/** Table grids and horizontal rules. */
export const grey = '#8a8a8a';
