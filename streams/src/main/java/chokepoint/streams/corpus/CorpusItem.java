package chokepoint.streams.corpus;

import chokepoint.records.Measure;
import chokepoint.records.Stage;

import java.util.List;

/**
 * One labelled item of the corpus ({@code corpus/items/<family>/*.jsonl}, format in {@code corpus/README.md}): a real
 * text with where it was found, its terms, its label and how the label was made.
 *
 * @param file the file it was read from, relative to the corpus folder, and {@code line} its line, for messages
 */
public record CorpusItem(String id, String family, String publisher, String lang, String date, String title, String text,
                         String url, String jurisdiction, String doctype, String provenance, String licence, Label label,
                         String labelledBy, String why, String file, int line) {

    /** What the item says, under {@code classification.md}. */
    public record Label(Measure measure, Stage stage, String actor, List<String> targets) {
        public Label {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        public boolean isIndicator() {
            return measure != Measure.NONE && stage != null && stage.isPressure();
        }
    }

    /** Where the item was read, for messages: {@code items/news/reuters.jsonl:12 (news:abc)}. */
    public String where() {
        return file + ":" + line + " (" + id + ")";
    }
}
