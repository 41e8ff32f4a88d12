package chokepoint.benchmarks;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs for the benchmarks: real 1 KB texts, and rule sets of a chosen size. */
final class BenchmarkTexts {

    static final String CORPUS = System.getProperty("chokepoint.corpus",
            "../shared/corpora/notices/federal_register/fr_documents_trade_keyword.jsonl");

    private BenchmarkTexts() {
    }

    /** Federal Register titles and abstracts, joined and cut into texts of about {@code size} chars. */
    static List<String> texts(int count, int size) {
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String line : Files.readAllLines(Path.of(CORPUS))) {
                JsonNode notice = Json.MAPPER.readTree(line);
                current.append(notice.path("title").asText()).append(". ").append(notice.path("abstract").asText()).append(' ');
                if (current.length() >= size) {
                    texts.add(current.substring(0, size));
                    current.setLength(0);
                    if (texts.size() == count) {
                        return texts;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("benchmark corpus not found at " + CORPUS
                    + " (set -Dchokepoint.corpus=FILE)", e);
        }
        return texts;
    }

    /**
     * A rule file with {@code phrases} phrases: the bundled lexicon's own phrases first, then invented two- and
     * three-word phrases made of corpus-like words, so that larger sets cost what real ones would.
     */
    static String ruleFile(List<String> realPhrases, int phrases) {
        String[] words = {"export", "import", "control", "licence", "tariff", "quota", "duty", "steel", "chip",
                "entity", "list", "measure", "order", "review", "notice", "trade", "ban", "rule", "sanction", "agency",
                "market", "grain", "vessel", "fund", "bank", "metal", "ore", "device", "engine", "plant", "zone"};
        Random random = new Random(42);
        StringBuilder file = new StringBuilder("version bench\n[measure EXPORT_CONTROL]\n");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String phrase : realPhrases) {
            if (seen.size() == phrases) {
                break;
            }
            if (seen.add(phrase.toLowerCase(java.util.Locale.ROOT))) {
                file.append(phrase).append('\n');
            }
        }
        while (seen.size() < phrases) {
            String phrase = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)]
                    + (random.nextBoolean() ? "" : " " + words[random.nextInt(words.length)]) + " " + seen.size();
            if (seen.add(phrase)) {
                file.append(phrase).append('\n');
            }
        }
        return file.toString();
    }
}
