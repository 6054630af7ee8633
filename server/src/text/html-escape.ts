/**
 * Text made safe to put in HTML, between tags or in a quoted attribute: what every document and
 * mail Cercle writes by hand passes its members' words through (names, titles, reasons).
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
