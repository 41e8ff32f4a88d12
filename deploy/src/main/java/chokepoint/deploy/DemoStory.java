package chokepoint.deploy;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The demo's story ({@code demo/story.jsonl}): real public documents of the configured kinds of source, MOFCOM's
 * export-control announcements, the EU Official Journal's duties on Chinese electric cars and US Federal Register
 * rules, in the order they came out. Each is dated a number of days before the demo starts, so that the
 * threshold rules' windows, which count by the documents' own dates, hold them now: the rare-earth controls and
 * China's listings of EU entities fall in the last week and fire, as they would have in their week.
 */
record DemoStory(List<Notice> notices) {

    /** The demo's sources: feed path, source id, jurisdiction and language. */
    enum Source {
        MOFCOM("mofcom", "demo-mofcom", "CN", "zh", "MOFCOM export-control announcements"),
        EU_OJ("eu-oj", "demo-eu-official-journal", "EU", "en", "EU Official Journal, trade defence"),
        FEDERAL_REGISTER("federal-register", "demo-federal-register", "US", "en", "US Federal Register, trade rules");

        final String key;
        final String sourceId;
        final String jurisdiction;
        final String lang;
        final String title;

        Source(String key, String sourceId, String jurisdiction, String lang, String title) {
            this.key = key;
            this.sourceId = sourceId;
            this.jurisdiction = jurisdiction;
            this.lang = lang;
            this.title = title;
        }

        static Source of(String key) {
            for (Source source : values()) {
                if (source.key.equals(key)) {
                    return source;
                }
            }
            throw new IllegalArgumentException("demo story: unknown source '" + key + "'");
        }
    }

    /**
     * @param published the document's real date, said in the text the demo serves
     * @param daysAgo   where the story places it: this many days before the demo starts
     */
    record Notice(Source source, String id, String title, String text, String link, String published, double daysAgo) {

        Instant datedAt(Instant storyNow) {
            return storyNow.minus(Duration.ofMinutes(Math.round(daysAgo * 24 * 60)));
        }
    }

    /** The bundled story, oldest first. */
    static DemoStory bundled() throws IOException {
        List<Notice> notices = new ArrayList<>();
        try (InputStream in = DemoStory.class.getResourceAsStream("/demo/story.jsonl");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode node = Json.MAPPER.readTree(line);
                    notices.add(new Notice(Source.of(node.path("source").asText()), node.path("id").asText(),
                            node.path("title").asText(), node.path("text").asText(), node.path("link").asText(),
                            node.path("published").asText(), node.path("daysAgo").asDouble()));
                }
            }
        }
        notices.sort(Comparator.comparingDouble(Notice::daysAgo).reversed());
        return new DemoStory(List.copyOf(notices));
    }
}
