package chokepoint.alerts.dossier;

import chokepoint.records.Breach;
import chokepoint.records.Evidence;
import chokepoint.records.Indicator;
import chokepoint.records.Json;
import chokepoint.records.LifeStep;
import chokepoint.records.Measure;
import chokepoint.records.MeasureStatus;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.SourceRef;
import chokepoint.records.Stage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dossier's page, CSV and JSON hold the same facts; what is outside the pair or the range is in none. */
class DossierFormatsTest {

    private static final Instant OCT_9 = Instant.parse("2025-10-09T03:00:00Z");
    private static final Instant NOV_7 = Instant.parse("2025-11-07T09:00:00Z");
    private static final Instant FROM = Instant.parse("2025-09-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-01T00:00:00Z");

    private static Indicator indicator(String id, String actor, List<String> targets, Instant at, String title) {
        return new Indicator(id, id, "cn-mofcom", "html", "https://www.mofcom.gov.cn/" + id, title, Measure.EXPORT_CONTROL,
                Stage.IMPOSED, actor, targets, List.of("rare-earths"), List.of(), List.of(), List.of(), 8, List.of(),
                List.of(new Evidence("title", "实施出口管制", 10, "measure.EXPORT_CONTROL")), "test", List.of(new SourceRef("cn-mofcom",
                id, "https://www.mofcom.gov.cn/" + id, title, at)), at, at);
    }

    private static Dossier dossier() {
        RegisteredMeasure no61 = new RegisteredMeasure("cn:mofcom:2025-61", "商务部公告2025年第61号 =HYPERLINK(\"http://evil\")",
                "https://www.mofcom.gov.cn/61", "CN", List.of("EU", "US"), Measure.EXPORT_CONTROL, List.of("rare-earths"),
                List.of(), List.of(), 8, MeasureStatus.SUSPENDED, LocalDate.of(2025, 12, 1), LocalDate.of(2026, 11, 10), null,
                List.of(new LifeStep(LifeStep.ADOPTED, OCT_9, LocalDate.of(2025, 12, 1), null, null, "no61", "No. 61",
                                "https://www.mofcom.gov.cn/61", "cn-mofcom"),
                        new LifeStep(LifeStep.SUSPENDED, NOV_7, null, LocalDate.of(2026, 11, 10), "cn:mofcom:2025-70", "no70",
                                "No. 70", "https://www.mofcom.gov.cn/70", "cn-mofcom")),
                List.of(), List.of(), NOV_7);
        RegisteredMeasure elsewhere = new RegisteredMeasure("cn:mofcom:2025-99", "against Japan", null, "CN", List.of("JP"),
                Measure.EXPORT_CONTROL, List.of(), List.of(), List.of(), 5, MeasureStatus.IN_FORCE, null, null, null,
                List.of(new LifeStep(LifeStep.ADOPTED, OCT_9, null, null, null, "x", "x", null, "cn-mofcom")), List.of(), List.of(), OCT_9);
        List<Indicator> indicators = List.of(
                indicator("a", "CN", List.of("NL"), OCT_9, "China controls exports of rare earths to the Netherlands"),
                indicator("b", "CN", List.of("EU"), NOV_7, "-2+3 China lists EU banks"),
                indicator("c", "CN", List.of("JP"), NOV_7, "China and Japan"),
                indicator("d", "CN", List.of("EU"), Instant.parse("2026-02-01T00:00:00Z"), "after the range"));
        Breach.IndicatorRef ref = Breach.IndicatorRef.of(indicators.get(1));
        Breach breach = new Breach("pressure|CN|1", "pressure-on-europe", "Repeated measures", "count", "CN", "CN", List.of("EU"),
                List.of("rare-earths"), Breach.State.RESOLVED, 2, 2, 2, "P7D", NOV_7, NOV_7.plusSeconds(86_400 * 8), List.of(ref),
                List.of(), List.of(), List.of());
        return DossierAssembler.assemble(new DossierRequest("CN", "EU", FROM, TO, null), List.of(no61, elsewhere), indicators,
                List.of(breach), TO);
    }

    @Test
    void pageCsvAndJsonHoldTheSameFacts() throws Exception {
        Dossier dossier = dossier();
        JsonNode json = Json.MAPPER.readTree(DossierFormats.json(dossier));
        List<String> fromJson = new ArrayList<>();
        json.path("measures").forEach(m -> {
            fromJson.add("measure:" + m.path("id").asText());
            m.path("life").forEach(s -> fromJson.add("step:" + m.path("id").asText() + "|" + s.path("step").asText() + "|"
                    + Instant.parse(s.path("at").asText())));
        });
        json.path("indicators").forEach(i -> fromJson.add("indicator:" + i.path("id").asText()));
        json.path("breaches").forEach(b -> fromJson.add("breach:" + b.path("id").asText()));
        json.path("criteria").forEach(c -> fromJson.add("criterion:" + c.path("name").asText()));
        for (int i = 0; i < json.path("counterLeverage").size(); i++) {
            fromJson.add("counter-leverage:" + (i + 1));
        }
        json.path("exposure").forEach(x -> fromJson.add("exposure:" + x.path("actor").asText() + ":"
                + x.path("figure").path("sector").asText() + ":" + x.path("figure").path("material").asText()));
        assertTrue(fromJson.contains("exposure:CN:rare-earths:heavy rare earth elements"), "the EU's exposure in the sectors hit");
        List<String> fromCsv = csvFacts(DossierFormats.csv(dossier));
        Document page = Jsoup.parse(DossierFormats.html(dossier, "actor=CN&target=EU"));
        List<String> fromPage = page.select("[data-fact]").eachAttr("data-fact");

        assertEquals(List.of("measure:cn:mofcom:2025-61", "step:cn:mofcom:2025-61|adopted|" + OCT_9,
                "step:cn:mofcom:2025-61|suspended|" + NOV_7, "indicator:a", "indicator:b", "breach:pressure|CN|1",
                "criterion:intensity", "criterion:frequency", "criterion:duration", "criterion:breadth", "criterion:pattern"),
                fromJson.subList(0, 11), "EU covers the Netherlands; Japan and what is after the range are left out");
        assertTrue(fromJson.stream().anyMatch(f -> f.startsWith("counter-leverage:")), "China's dependencies on Europe: " + fromJson);
        assertEquals(sorted(fromJson), sorted(fromCsv));
        assertEquals(sorted(fromJson), sorted(fromPage));
    }

    @Test
    void figuresAreTheSameInEveryFormatAndNothingInThePageRuns() throws Exception {
        Dossier dossier = dossier();
        String csv = DossierFormats.csv(dossier);
        String html = DossierFormats.html(dossier, "actor=CN&target=EU");
        Document page = Jsoup.parse(html);
        for (Breach.Criterion criterion : dossier.criteria()) {
            assertTrue(csv.contains(criterion.figure()), criterion.figure());
            assertEquals(criterion.figure(), page.select("[data-fact=criterion:" + criterion.name() + "] td").text());
        }
        List<List<String>> rows = csvRows(csv);
        List<String> measureRow = rows.stream().filter(r -> r.get(0).equals("measure")).findFirst().orElseThrow();
        assertTrue(measureRow.get(3).startsWith("商务部公告"), "a title is text, and stays text");
        List<String> listing = rows.stream().filter(r -> r.get(1).equals("b")).findFirst().orElseThrow();
        assertEquals("'-2+3 China lists EU banks", listing.get(3), "what a spreadsheet would run as a formula is quoted");
        assertTrue(page.select("script").isEmpty());
        assertFalse(html.contains("<link"), "no outside resource: it prints offline");
        assertTrue(html.contains("=HYPERLINK(&quot;http://evil&quot;)") || page.text().contains("=HYPERLINK(\"http://evil\")"));
        List<String> breachRow = rows.stream().filter(r -> r.get(0).equals("breach")).findFirst().orElseThrow();
        assertEquals("8", breachRow.get(rows.get(0).indexOf("severity")), "the severity column holds a severity");
        assertTrue(breachRow.get(rows.get(0).indexOf("detail")).startsWith("2 indicator(s): b"), breachRow.toString());
    }

    @Test
    void aChineseActCarriesItsEnglishGistInEveryFormat() throws Exception {
        Dossier dossier = dossier();
        String gist = "MOFCOM announcement 2025 No. 61: export controls on rare earths for the EU and the US, in force from 2025-12-01";
        assertEquals(gist, dossier.measures().get(0).gist());
        List<String> measureRow = csvRows(DossierFormats.csv(dossier)).stream().filter(r -> r.get(0).equals("measure"))
                .findFirst().orElseThrow();
        assertEquals(gist, measureRow.get(DossierFormats.CSV_COLUMNS.indexOf("gist")));
        assertEquals("In English: " + gist, Jsoup.parse(DossierFormats.html(dossier, "actor=CN&target=EU"))
                .select("[data-fact=measure:cn:mofcom:2025-61] .gist").text());
        assertEquals(gist, Json.MAPPER.readTree(DossierFormats.json(dossier)).path("measures").get(0).path("gist").asText());
    }

    /** The rows of a dossier's CSV, header first, read back with Jackson's CSV reader. */
    private static List<List<String>> csvRows(String csv) throws Exception {
        assertTrue(csv.startsWith(DossierFormats.BOM), "a byte-order mark, so that a spreadsheet reads UTF-8");
        try (MappingIterator<List<String>> rows = new CsvMapper().readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(csv.substring(1))) {
            return rows.readAll();
        }
    }

    /** Every fact's key in the CSV ({@code section:id}), in order. */
    private static List<String> csvFacts(String csv) throws Exception {
        List<List<String>> rows = csvRows(csv);
        return rows.subList(1, rows.size()).stream().map(row -> row.get(0) + ":" + row.get(1)).toList();
    }

    private static List<String> sorted(List<String> facts) {
        return facts.stream().sorted().toList();
    }
}
