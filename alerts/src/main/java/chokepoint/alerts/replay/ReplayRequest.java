package chokepoint.alerts.replay;

import chokepoint.config.ReplaySettings;
import chokepoint.config.ThresholdRule;
import chokepoint.streams.classify.RuleFileException;
import chokepoint.streams.classify.RuleSet;

import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What to replay.
 *
 * @param from            items published at or after this
 * @param to              and before this
 * @param rules           threshold rules to use instead of today's (null: today's)
 * @param classifierRules a classifier rule file's text to use instead of the bundled one (null: bundled)
 */
public record ReplayRequest(Instant from, Instant to, List<ThresholdRule> rules, String classifierRules) {

    /** Problems with the range and the rule file, one line per field; empty when the replay can run. */
    public List<String> problems(ReplaySettings settings) {
        List<String> problems = new ArrayList<>();
        if (from == null || to == null) {
            problems.add("from, to: both required (ISO-8601 instants or dates)");
        } else if (!from.isBefore(to)) {
            problems.add("to: must be after from");
        } else if (Duration.between(from, to).compareTo(settings.maxRange()) > 0) {
            problems.add("to: a replay covers at most " + settings.maxRange().toDays() + " days (replay.max-range)");
        }
        if (classifierRules != null) {
            try {
                RuleSet.parse("classifierRules", new StringReader(classifierRules));
            } catch (RuleFileException | IOException e) {
                problems.add("classifierRules: " + e.getMessage());
            }
        }
        return problems;
    }

    /** Whether {@code at} lies in the range asked for (an open end takes everything on its side). */
    public boolean covers(Instant at) {
        return at != null && (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    /** An ISO-8601 instant, or a date meaning its start in UTC; the problem is added under {@code field}. */
    public static Instant time(String text, String field, List<String> problems) {
        if (text == null || text.isBlank()) {
            problems.add(field + ": required (2025-10-01 or 2025-10-01T00:00:00Z)");
            return null;
        }
        try {
            Instant time = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
            int before = problems.size();
            chokepoint.alerts.web.validation.ApiDates.check(time, field, problems);
            return problems.size() == before ? time : null;
        } catch (DateTimeException e) {
            problems.add(field + ": not a date or instant (2025-10-01 or 2025-10-01T00:00:00Z)");
            return null;
        }
    }
}
