package chokepoint.streams.classify;

import java.util.List;
import java.util.Locale;

/**
 * Reads the few words around a jurisdiction's name to tell a target from an actor: "Aluminum Foil From China",
 * "sanctions on Russia", "with respect to Iran", "China's acts" name the one pressed, not the one pressing.
 */
final class TargetCues {

    private static final List<String> BEFORE = List.of("from", "on", "against", "with respect to", "of", "to", "toward",
            "towards", "into", "for", "targeting", "regarding", "involving", "in", "with", "by");
    private static final int WINDOW = 20;
    /** Cues that can head a list of names ("From Brazil, India, and the Republic of Korea"). */
    private static final List<String> LIST_HEADS = List.of(" from ", " on ", " against ", " with respect to ",
            " targeting ", " regarding ", " involving ");
    private static final int LIST_REACH = 240;

    private TargetCues() {
    }

    static boolean isTargeted(String text, int start, int end) {
        if (text.startsWith("'s", end) || text.startsWith("’s", end)) {
            return true;
        }
        String before = text.substring(Math.max(0, start - WINDOW), start).toLowerCase(Locale.ROOT).stripTrailing();
        // Skip an article or a determiner between the preposition and the name ("on the Russian Federation").
        for (String filler : List.of(" the", " certain")) {
            if (before.endsWith(filler)) {
                before = before.substring(0, before.length() - filler.length()).stripTrailing();
            }
        }
        for (String cue : BEFORE) {
            if (before.equals(cue) || before.endsWith(" " + cue)) {
                return true;
            }
        }
        return (before.endsWith(",") || before.endsWith(" and")) && listHeadedByCue(text, start);
    }

    /** A later name in a list shares the cue that heads the list, if the list is still in the same clause. */
    private static boolean listHeadedByCue(String text, int start) {
        int from = Math.max(0, start - LIST_REACH);
        for (int i = start - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (c == ':' || c == ';' || c == '.' || c == '(' || c == '\n') {
                from = i + 1;
                break;
            }
        }
        String clause = " " + text.substring(from, start).toLowerCase(Locale.ROOT);
        return LIST_HEADS.stream().anyMatch(clause::contains);
    }
}
