package chokepoint.alerts.dossier;

import chokepoint.alerts.threshold.Exposure;
import chokepoint.records.Breach;
import chokepoint.records.Vocabulary;
import chokepoint.records.Json;
import chokepoint.records.LifeStep;
import chokepoint.records.RegisteredMeasure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A dossier as JSON (the record), as CSV (Jackson's, one row per fact, a {@code section} column saying which) and as a printable
 * HTML page (built with Jsoup, so every text is escaped; no script, no outside resource). Each fact has the same key
 * in all three ({@code measure:cn:mofcom:2025-61}, {@code indicator:<id>}, {@code breach:<id>}, ...): the CSV's
 * {@code section} and {@code id}, the page's {@code data-fact}.
 */
public final class DossierFormats {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final List<String> CSV_COLUMNS = List.of("section", "id", "date", "title", "gist", "measure", "stage", "actor", "targets",
            "sectors", "severity", "status", "detail", "url");

    private DossierFormats() {
    }

    public static String json(Dossier dossier) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(dossier);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }

    public static String csv(Dossier dossier) {
        List<List<String>> out = new ArrayList<>();
        row(out, CSV_COLUMNS);
        for (RegisteredMeasure m : dossier.measures()) {
            row(out, List.of("measure", m.id(), day(m.effectiveFrom()), text(m.title()), text(m.gist()), m.measure().name(), "", text(m.actor()),
                    Vocabulary.describeTargets(m.targets()), String.join(" ", m.sectors()), String.valueOf(m.severity()), m.status().name(),
                    datesOf(m), text(m.url())));
            for (LifeStep step : m.life()) {
                row(out, List.of("step", stepId(m, step), time(step.at()), text(step.title()), "", "", "", "", "", "", "", step.step(),
                        stepDetail(step), text(step.url())));
            }
        }
        for (Dossier.Entry e : dossier.indicators()) {
            row(out, List.of("indicator", e.id(), time(e.occurredAt()), text(e.title()), text(e.gist()), e.measure().name(),
                    e.stage() == null ? "" : e.stage().name(), text(e.actor()), Vocabulary.describeTargets(e.targets()),
                    String.join(" ", e.sectors()), String.valueOf(e.severity()), e.lifecycle() == null ? "" : e.lifecycle(),
                    String.join(" | ", e.evidence()), String.join(" ", e.sources())));
        }
        for (Breach b : dossier.breaches()) {
            row(out, List.of("breach", b.id(), time(b.firedAt()), text(b.ruleName()), "", "", "", text(b.actor()),
                    Vocabulary.describeTargets(b.targets()), String.join(" ", b.sectors()),
                    // The severity column holds a severity (the highest inside), the count goes with the indicators.
                    String.valueOf(b.indicators().stream().mapToInt(Breach.IndicatorRef::severity).max().orElse(0)), b.state().name(),
                    b.count() + " indicator(s): " + b.indicators().stream().map(Breach.IndicatorRef::id).collect(Collectors.joining(" ")), ""));
        }
        for (Breach.Criterion c : dossier.criteria()) {
            row(out, List.of("criterion", c.name(), "", "", "", "", "", "", "", "", "", "", c.figure(), ""));
        }
        for (Exposure.Line line : dossier.exposure()) {
            Exposure.Figure f = line.figure();
            row(out, List.of("exposure", line.actor() + ":" + f.sector() + ":" + f.material(), String.valueOf(f.year()),
                    f.material(), "", "", "", line.actor(), "EU", f.sector(), Exposure.percent(f.share()), f.basis(),
                    line.source().title(), line.source().url()));
        }
        for (int i = 0; i < dossier.counterLeverage().size(); i++) {
            row(out, List.of("counter-leverage", String.valueOf(i + 1), "", "", "", "", "", "", "", "", "", "",
                    dossier.counterLeverage().get(i), ""));
        }
        try {
            // A byte-order mark first: without it a spreadsheet reads the UTF-8 as its local code page, and Chinese
            // titles come out garbled.
            return BOM + CSV.writer().writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialise", e);
        }
    }

    /** The UTF-8 byte-order mark a spreadsheet needs to read the file as UTF-8. */
    public static final String BOM = "\uFEFF";

    /** Every field quoted (RFC 4180). */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS).build();

    public static String html(Dossier dossier, String query) {
        Document doc = Document.createShell("");
        // Not pretty-printed: the style must reach the browser byte for byte, as its hash in the page's policy says.
        doc.outputSettings().prettyPrint(false);
        doc.title("Dossier " + pair(dossier));
        Element head = doc.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("style").appendText(STYLE);
        Element body = doc.body().addClass("dossier");
        Element header = body.appendElement("header");
        header.appendElement("h1").text("Dossier: " + pair(dossier));
        header.appendElement("p").text("From " + time(dossier.from()) + " to " + time(dossier.to()) + ". Put together "
                + time(dossier.generatedAt()) + " from the topics of this Chokepoint"
                + (dossier.breachId() == null ? "." : ", for breach " + dossier.breachId() + "."));
        Element links = header.appendElement("p").addClass("no-print");
        links.appendElement("a").attr("href", "/api/dossiers?" + query + "&format=csv").text("CSV");
        links.appendText(" · ");
        links.appendElement("a").attr("href", "/api/dossiers?" + query + "&format=json").text("JSON");
        links.appendText(" · ");
        links.appendElement("a").attr("href", "/measures.html").text("Measure register");
        links.appendText(" · ");
        links.appendElement("a").attr("href", "/").text("Live feed");

        Element figures = section(body, "Art. 2(2) figures", "What the indicators of the range show for each criterion the "
                + "Commission examines under the Anti-Coercion Instrument.");
        if (dossier.criteria().isEmpty()) {
            figures.appendElement("p").addClass("empty").text("No indicators in the range.");
        } else {
            Element table = figures.appendElement("table");
            for (Breach.Criterion c : dossier.criteria()) {
                Element tr = table.appendElement("tr").attr("data-fact", "criterion:" + c.name());
                tr.appendElement("th").text(c.name());
                tr.appendElement("td").text(c.figure());
            }
        }
        if (!dossier.exposure().isEmpty()) {
            Element exposure = section(body, "EU exposure", "The share of the EU's supply that comes from " + dossier.actor()
                    + " in the sectors hit, from public figures with their source and year.").appendElement("table");
            Element columns = exposure.appendElement("tr");
            for (String column : List.of("Sector", "Material", "Share", "Of", "Year", "Source")) {
                columns.appendElement("th").text(column);
            }
            for (Exposure.Line line : dossier.exposure()) {
                Exposure.Figure f = line.figure();
                Element tr = exposure.appendElement("tr").attr("data-fact", "exposure:" + line.actor() + ":" + f.sector() + ":" + f.material());
                tr.appendElement("td").text(f.sector());
                tr.appendElement("td").text(f.material());
                tr.appendElement("td").text(Exposure.percent(f.share()));
                tr.appendElement("td").text(f.basis());
                tr.appendElement("td").text(String.valueOf(f.year()));
                link(tr.appendElement("td"), line.source().url(), line.source().title());
            }
        }
        if (!dossier.counterLeverage().isEmpty()) {
            Element leverage = section(body, "Counter-leverage", "Where " + dossier.actor() + " depends on Europe; those that "
                    + "fit the sectors hit first.").appendElement("ol");
            for (int i = 0; i < dossier.counterLeverage().size(); i++) {
                leverage.appendElement("li").attr("data-fact", "counter-leverage:" + (i + 1)).text(dossier.counterLeverage().get(i));
            }
        }

        Element measures = section(body, "Measures and their lives", dossier.measures().size() + " official act(s).");
        for (RegisteredMeasure m : dossier.measures()) {
            Element article = measures.appendElement("article").addClass("measure").attr("data-fact", "measure:" + m.id());
            Element h3 = article.appendElement("h3");
            link(h3, m.url(), m.title() == null ? m.id() : m.title());
            if (m.gist() != null) {
                article.appendElement("p").addClass("gist").attr("lang", "en").text("In English: " + m.gist());
            }
            article.appendElement("p").addClass("meta").text(m.id() + " · " + m.measure() + " · " + text(m.actor()) + " → "
                    + Vocabulary.describeTargets(m.targets()) + " · " + m.status() + datesSuffix(m)
                    + (m.sectors().isEmpty() ? "" : " · sectors: " + String.join(", ", m.sectors())));
            Element life = article.appendElement("ol").addClass("life");
            for (LifeStep step : m.life()) {
                Element li = life.appendElement("li").attr("data-fact", "step:" + stepId(m, step));
                li.appendElement("time").text(time(step.at()));
                li.appendText(" " + step.step() + stepSuffix(step) + ": ");
                link(li, step.url(), text(step.title()));
            }
        }

        Element indicators = section(body, "Indicators", dossier.indicators().size() + " indicator(s), oldest first"
                + (dossier.truncated() ? " (the latest " + DossierAssembler.MAX_INDICATORS + " only)" : "") + ".");
        Element table = indicators.appendElement("table").addClass("indicators");
        Element heading = table.appendElement("tr");
        for (String column : List.of("Date", "Indicator", "Measure", "Severity", "Evidence", "Sources")) {
            heading.appendElement("th").text(column);
        }
        for (Dossier.Entry e : dossier.indicators()) {
            Element tr = table.appendElement("tr").attr("data-fact", "indicator:" + e.id());
            tr.appendElement("td").text(time(e.occurredAt()));
            Element titled = tr.appendElement("td");
            link(titled, e.url(), text(e.title()));
            if (e.gist() != null) {
                titled.appendElement("div").addClass("gist").attr("lang", "en").text("In English: " + e.gist());
            }
            tr.appendElement("td").text(e.measure() + (e.stage() == null ? "" : " " + e.stage())
                    + (e.lifecycle() == null ? "" : " (" + e.lifecycle() + ")") + " · " + text(e.actor()) + " → "
                    + Vocabulary.describeTargets(e.targets()));
            tr.appendElement("td").text(String.valueOf(e.severity()));
            tr.appendElement("td").text(String.join(" | ", e.evidence()));
            Element sources = tr.appendElement("td");
            for (int i = 0; i < e.sources().size(); i++) {
                link(sources, e.sources().get(i), "[" + (i + 1) + "]");
                sources.appendText(" ");
            }
        }

        Element breaches = section(body, "Breaches", dossier.breaches().size() + " breach(es) fired in the range.");
        for (Breach b : dossier.breaches()) {
            Element article = breaches.appendElement("article").addClass("breach").attr("data-fact", "breach:" + b.id());
            article.appendElement("h3").text(b.ruleName() + " (" + b.state() + ")");
            article.appendElement("p").addClass("meta").text("fired " + time(b.firedAt()) + " · " + b.groupKey() + " · "
                    + b.count() + " indicator(s) · value " + b.value() + " / threshold " + b.threshold());
            Element refs = article.appendElement("ul");
            for (Breach.IndicatorRef ref : b.indicators()) {
                Element li = refs.appendElement("li");
                link(li, ref.url(), time(ref.occurredAt()) + " " + text(ref.title()));
                if (ref.gist() != null) {
                    li.appendText(" (In English: " + ref.gist() + ")");
                }
            }
        }
        return doc.outerHtml();
    }

    private static Element section(Element body, String title, String lead) {
        Element section = body.appendElement("section");
        section.appendElement("h2").text(title);
        section.appendElement("p").addClass("lead").text(lead);
        return section;
    }

    private static void link(Element parent, String url, String text) {
        if (url != null && (url.startsWith("https://") || url.startsWith("http://"))) {
            parent.appendElement("a").attr("href", url).attr("rel", "noopener noreferrer").text(text);
        } else {
            parent.appendText(text);
        }
    }

    static String stepId(RegisteredMeasure m, LifeStep step) {
        return m.id() + "|" + step.step() + "|" + step.at();
    }

    private static String pair(Dossier d) {
        return (d.actor() == null ? "any actor" : d.actor()) + " → " + (d.target() == null ? "any target" : d.target());
    }

    private static String datesOf(RegisteredMeasure m) {
        List<String> dates = new ArrayList<>();
        if (m.effectiveFrom() != null) {
            dates.add("effective " + m.effectiveFrom());
        }
        if (m.suspendedUntil() != null) {
            dates.add("suspended until " + m.suspendedUntil());
        }
        if (m.endsOn() != null) {
            dates.add("ends " + m.endsOn());
        }
        return String.join("; ", dates);
    }

    private static String datesSuffix(RegisteredMeasure m) {
        String dates = datesOf(m);
        return dates.isEmpty() ? "" : " (" + dates + ")";
    }

    private static String stepDetail(LifeStep step) {
        return (step.step() + stepSuffix(step)).trim();
    }

    private static String stepSuffix(LifeStep step) {
        StringBuilder s = new StringBuilder();
        if (step.from() != null) {
            s.append(" from ").append(step.from());
        }
        if (step.until() != null) {
            s.append(" until ").append(step.until());
        }
        if (step.byAct() != null) {
            s.append(" by ").append(step.byAct());
        }
        return s.toString();
    }

    private static String time(Instant at) {
        return at == null ? "" : DAY_TIME.format(at);
    }

    private static String day(Object date) {
        return date == null ? "" : date.toString();
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "");
    }

    /**
     * One CSV row. A field a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe: titles
     * come from the sources, and a source may be hostile.
     */
    private static void row(List<List<String>> out, List<String> fields) {
        if (fields.size() != CSV_COLUMNS.size()) {
            throw new IllegalStateException("a dossier row of " + fields.size() + " fields for " + CSV_COLUMNS.size() + " columns");
        }
        out.add(fields.stream().map(f -> !f.isEmpty() && "=+-@\t\r".indexOf(f.charAt(0)) >= 0 ? "'" + f : f).toList());
    }

    /**
     * The CSP source that lets the page's one inline style apply (the server allows no inline style otherwise): the
     * page must print the same from a file saved offline, so its style travels inside it.
     */
    public static String styleSource() {
        return STYLE_SOURCE;
    }

    private static String sha256Source(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","WenQuanYi Zen Hei",sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#1b1f24}
            h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;border-bottom:1px solid #ccd;margin-top:1.6rem}h3{font-size:1rem;margin:.8rem 0 .2rem}
            .meta,.lead{color:#555;margin:.2rem 0}.gist{color:#26364a;font-size:.92em;margin:.1rem 0}.empty{color:#777}
            table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e3e6ea;padding:.3rem .4rem;text-align:left;vertical-align:top}
            .indicators td:first-child{white-space:nowrap}ol.life{margin:.2rem 0 .6rem 1.2rem;padding:0}ol.life time{color:#555}
            a{color:#0b5cad}@media print{.no-print{display:none}a{color:inherit;text-decoration:none}body{margin:0;max-width:none}section{break-inside:auto}article{break-inside:avoid}}
            """;
    private static final String STYLE_SOURCE = sha256Source(STYLE);

}
