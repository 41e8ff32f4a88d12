package chokepoint.streams.corpus;

import chokepoint.records.Correction;
import chokepoint.records.Item;
import chokepoint.records.Json;
import chokepoint.records.Measure;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An analyst's correction as a corpus item ({@code corpus/README.md}), for the next training: the item's own title,
 * text, link and date as ingested, the analyst's label, {@code labelledBy: "analyst:<name>"}. The family follows the
 * publishing source: an official source's jurisdiction, else news, or decoy when the analyst says it is no measure.
 */
public final class CorrectionExport {

    private static final int MAX_WHY_WORDS = 20;
    private static final Map<String, String> OFFICIAL = Map.of("CN", "cn-official", "EU", "eu-official", "US", "us-official");

    private CorrectionExport() {
    }

    public static String family(Item item, Correction correction) {
        if (item.jurisdiction() != null && !item.jurisdiction().isBlank()) {
            return OFFICIAL.getOrDefault(item.jurisdiction(), "other-official");
        }
        return correction.measure() == Measure.NONE ? "decoy" : "news";
    }

    /** One corpus line; {@code item} is the ingested item the correction names (its text comes from there). */
    public static ObjectNode item(Correction correction, Item item) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", item.id());
        node.put("family", family(item, correction));
        node.put("publisher", item.sourceId());
        node.put("lang", item.lang() == null || item.lang().isBlank() ? "en" : item.lang().substring(0, 2).toLowerCase());
        node.put("date", (item.published() != null ? item.published() : item.fetched()).atZone(ZoneOffset.UTC).toLocalDate()
                .toString());
        node.put("title", item.title() == null ? "" : item.title());
        node.put("text", item.text() == null ? "" : item.text());
        node.put("url", item.url());
        if (item.jurisdiction() != null) {
            node.put("jurisdiction", item.jurisdiction());
        }
        node.put("provenance", "chokepoint.corrections: " + correction.by() + " corrected indicator " + correction.indicatorId()
                + " at " + correction.at() + "; text as ingested from source " + item.sourceId());
        node.put("licence", "as published by source " + item.sourceId() + " (docs/sources.md); keep only what its terms allow");
        ObjectNode label = node.putObject("label");
        label.put("measure", correction.measure().name());
        if (correction.stage() == null) {
            label.putNull("stage");
        } else {
            label.put("stage", correction.stage().name());
        }
        if (correction.actor() == null) {
            label.putNull("actor");
        } else {
            label.put("actor", correction.actor());
        }
        label.set("targets", Json.MAPPER.valueToTree(correction.targets()));
        node.put("labelledBy", "analyst:" + correction.by());
        String why = correction.note() == null || correction.note().isBlank()
                ? "analyst correction; classifier said " + (correction.was() == null ? "otherwise" : correction.was())
                : correction.note();
        node.put("why", Arrays.stream(why.strip().split("\\s+")).limit(MAX_WHY_WORDS).collect(Collectors.joining(" ")));
        return node;
    }
}
