/**
 * Self-contained HTML reports of results: inline SVG charts drawn by one small helper
 * ({@link io.infospark.report.Chart}), no network, no JavaScript libraries. Jobs write them with
 * {@code --report PATH.html}; notebooks call the {@code html} methods directly. This package may
 * use result types of the layers below; nothing below depends on it.
 */
package io.infospark.report;
