package chokepoint.ingest.feed;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Federal Register documents API ({@code /api/v1/documents.json}, and a single document's JSON): one entry per
 * document, identified by its {@code document_number}, dated by its publication date (the issue appears at 6:00
 * Eastern time), with the agencies named in the text so that the classifier sees who acts (BIS, OFAC, USTR), its
 * {@code type} kept as the field {@code documentType}, and a printed correction ({@code C1-2026-16628}) tied to the
 * document it corrects ({@code correctionOf}, and "Correction of FR Doc. 2026-16628" in its text).
 */
public final class FederalRegisterAdapter implements SourceAdapter {

    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    /** A printed correction carries the corrected document's number behind C1-, C2-…: C1-2026-16628 corrects 2026-16628. */
    private static final java.util.regex.Pattern CORRECTION = java.util.regex.Pattern.compile("C\\d+-((?:19|20)\\d{2}-\\d{4,6})");
    private static final LocalTime ISSUE_TIME = LocalTime.of(6, 0);

    @Override
    public List<FeedEntry> parse(byte[] body, String contentType) throws FeedParser.InvalidFeed {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new FeedParser.InvalidFeed("not Federal Register API JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FeedParser.InvalidFeed("not Federal Register API JSON: no object", null);
        }
        List<FeedEntry> entries = new ArrayList<>();
        if (root.has("results")) {
            for (JsonNode document : root.path("results")) {
                entries.add(entry(document));
            }
        } else if (root.has("document_number")) {
            entries.add(entry(root));
        } else {
            throw new FeedParser.InvalidFeed("Federal Register API JSON without results or document_number", null);
        }
        return entries;
    }

    private static FeedEntry entry(JsonNode document) {
        StringBuilder text = new StringBuilder(document.path("abstract").asText(""));
        List<String> agencies = new ArrayList<>();
        for (JsonNode agency : document.path("agencies")) {
            String name = agency.path("name").asText(agency.path("raw_name").asText(""));
            if (!name.isBlank()) {
                agencies.add(name);
            }
        }
        if (!agencies.isEmpty()) {
            text.append(text.isEmpty() ? "" : "\n").append("Agencies: ").append(String.join("; ", agencies)).append('.');
        }
        String type = document.path("type").asText("");
        if (!type.isBlank()) {
            text.append("\nDocument type: ").append(type).append('.');
        }
        String number = document.path("document_number").asText(null);
        java.util.regex.Matcher correction = number == null ? null : CORRECTION.matcher(number);
        String corrected = correction != null && correction.matches() ? correction.group(1) : null;
        if (corrected != null) {
            // Said in the words a correction's summary uses, so that the classifier reads it as a step of the corrected
            // rule (its fr: identifier, "correction of"), not as a second rule.
            text.append("\nCorrection of FR Doc. ").append(corrected).append('.');
        }
        String publicationDate = document.path("publication_date").asText(null);
        // A document on public inspection is dated by when it became public (filed_at), the early signal; its
        // publication day, a business day or two ahead, is kept as a field.
        String filedAt = document.path("filed_at").asText(null);
        java.time.Instant published = filedAt != null && !filedAt.isBlank() ? filed(filedAt) : published(publicationDate);
        FeedEntry entry = FeedEntry.keyed(number == null || number.isBlank() ? null : "fr:" + number,
                document.path("html_url").asText(null), document.path("title").asText("").strip(), escape(text.toString()), "en",
                published);
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        if (publicationDate != null && !publicationDate.isBlank()) {
            fields.put("publicationDate", publicationDate);
        }
        if (number != null && !number.isBlank()) {
            fields.put("documentNumber", number);
        }
        if (corrected != null) {
            fields.put("correctionOf", corrected);
        }
        if (!type.isBlank()) {
            // Rule, Proposed Rule, Notice, Presidential Document: the classifier may weigh it.
            fields.put("documentType", type);
        }
        return entry.withFields(fields);
    }

    private static java.time.Instant filed(String timestamp) {
        try {
            return java.time.OffsetDateTime.parse(timestamp).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static java.time.Instant published(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date).atTime(ISSUE_TIME).atZone(EASTERN).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The normalizer strips markup; plain text from JSON must not be read as markup on the way. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
