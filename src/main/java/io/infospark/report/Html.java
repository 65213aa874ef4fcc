package io.infospark.report;

import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page: inline CSS, inline SVG charts, no network, and one small inline
 * script that checks every chart has drawn marks and sets {@code data-ok} on {@code <body>}
 * ({@code "true"}, or {@code "false"} with {@code data-problems} naming the empty charts).
 */
public final class Html {
  private static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:24px auto;max-width:900px;padding:0 16px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:3px}
      h3{font-size:15px;margin:18px 0 4px}p.note{color:#555;margin:4px 0 8px}
      table{border-collapse:collapse;font-size:12.5px;margin:6px 0}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
      td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f6f6}
      svg.chart{max-width:100%;height:auto;display:block;margin:4px 0 10px}
      svg text{font:11.5px system-ui,sans-serif;fill:#222}svg text.tick{fill:#555;font-size:10.5px}
      svg text.axis-title{font-size:12px;fill:#333}svg text.undefined{fill:#888;font-style:italic}
      svg text.infinity{font-weight:bold;font-size:14px}svg text.infinity-label{fill:#555;font-size:11px}svg text.threshold{fill:#C0392B;font-size:11px}
      svg line.grid{stroke:#eee}svg line.axis{stroke:#888}
      .bad{color:#C0392B;font-weight:600}.ok{color:#1E8449;font-weight:600}
      """;

  /** The page's self-check: every chart must have at least one drawn mark. */
  private static final String CHECK = """
      (function(){var bad=[];document.querySelectorAll('svg.chart').forEach(function(s,i){
      if(s.querySelectorAll('.mark').length===0){bad.push(s.getAttribute('aria-label')||('chart '+i));}});
      document.body.setAttribute('data-charts',String(document.querySelectorAll('svg.chart').length));
      document.body.setAttribute('data-problems',bad.join('; '));
      document.body.setAttribute('data-ok',bad.length===0?'true':'false');})();
      """;

  private final StringBuilder body = new StringBuilder();
  private final String title;

  /**
   * A page with a title and a table of facts (job, input, run id, parameters…), all escaped.
   */
  public Html(String title, Map<String, String> facts) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>");
    if (!facts.isEmpty()) {
      body.append("<table class=\"facts\">");
      facts.forEach((k, v) -> body.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
          .append("</td></tr>"));
      body.append("</table>");
    }
  }

  public Html heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>");
    return this;
  }

  public Html subheading(String text) {
    body.append("<h3>").append(escape(text)).append("</h3>");
    return this;
  }

  /** A paragraph of plain text (escaped). */
  public Html note(String text) {
    body.append("<p class=\"note\">").append(escape(text)).append("</p>");
    return this;
  }

  /** A paragraph styled as a problem (red) or as good news (green). */
  public Html status(String text, boolean bad) {
    body.append("<p class=\"").append(bad ? "bad" : "ok").append("\">").append(escape(text)).append("</p>");
    return this;
  }

  /** An {@code <svg>} from {@link Chart}; already escaped. */
  public Html chart(String svg) {
    body.append(svg);
    return this;
  }

  /** A table of text cells (escaped); cells that look numeric are right-aligned. */
  public Html table(List<String> header, List<List<String>> rows) {
    body.append("<table><tr>");
    header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>");
    for (List<String> r : rows) {
      body.append("<tr>");
      for (String c : r) {
        boolean num = c != null && c.matches("[−+-]?[0-9.,e∞E+-]+|[−-]?∞|Infinity");
        body.append(num ? "<td class=\"num\">" : "<td>").append(escape(c == null ? "" : c)).append("</td>");
      }
      body.append("</tr>");
    }
    body.append("</table>");
    return this;
  }

  /** The whole document. */
  public String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        + "script-src 'unsafe-inline'; img-src data:\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
        + "</title><style>" + STYLE + "</style></head>\n<body data-ok=\"pending\">" + body
        + "\n<script>" + CHECK + "</script></body></html>\n";
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append("&#xFFFD;"); // control characters are not allowed in HTML/SVG text
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
