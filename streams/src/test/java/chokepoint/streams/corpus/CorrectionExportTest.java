package chokepoint.streams.corpus;

import chokepoint.records.Correction;
import chokepoint.records.Item;
import chokepoint.records.Json;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A correction exported for training is a valid corpus item labelled by the analyst. */
class CorrectionExportTest {

    @Test
    void anExportedCorrectionIsAValidCorpusItem(@TempDir Path root) throws Exception {
        // A real MOFCOM title (streams/src/test/resources/eval/sources.jsonl, mofcom:11) as ingest would carry it.
        Instant at = Instant.parse("2025-03-12T02:00:00Z");
        Item item = new Item("mofcom-exportcontrol:202503/11.html", "mofcom-exportcontrol", "html", "CN",
                "http://exportcontrol.mofcom.gov.cn/article/gjdt/202503/11.html", "加拿大更新出口管制清单指南", "", "zh", at,
                null, at, "h");
        Correction correction = new Correction(item.id(), Measure.EXPORT_CONTROL, Stage.PROCEDURAL, "CA", List.of(), "analyst-a",
                Instant.parse("2025-03-13T09:00:00Z"), null, "NONE", item.id(), item.title(), item.url(), item.sourceId());
        var exported = CorrectionExport.item(correction, item);
        assertEquals("cn-official", exported.get("family").asText());
        assertEquals("analyst:analyst-a", exported.get("labelledBy").asText());
        assertEquals("2025-03-12", exported.get("date").asText());
        Path file = root.resolve("items/cn-official/analysts.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.MAPPER.writeValueAsString(exported) + "\n", StandardCharsets.UTF_8);
        Corpus corpus = Corpus.load(root);
        assertEquals(List.of(), CorpusValidator.problems(corpus, Splits.read(root)));
        assertEquals(Stage.PROCEDURAL, corpus.items().get(0).label().stage());
    }
}
