package chokepoint.streams.classify;

import java.util.List;

/**
 * The measure and stage words the rules found, where they found them, whether or not the rules decided with them: the
 * learned layer reads the neighbourhood of the measure words ("plans to impose tariffs", "tariffs lifted", 拟实施…出口管制)
 * and which stages the stage words name, in any language; and the jurisdictions named, with how the words around each
 * read it, which the actor head reads.
 */
final class RuleCues {

    private RuleCues() {
    }

    static List<RuleSignals.Cue> of(List<PhraseMatch> matches, String title, String text) {
        return matches.stream().filter(m -> m.rule().kind() == RuleKind.MEASURE || m.rule().kind() == RuleKind.STAGE
                        || m.rule().kind() == RuleKind.COUNTRY)
                .map(m -> new RuleSignals.Cue(m.field(), m.start(), m.end(), m.rule().kind(), m.rule().value(),
                        m.rule().kind() == RuleKind.COUNTRY ? role(m.field().equals("title") ? title : text, m) : null))
                .toList();
    }

    /** How the words around a jurisdiction's name read it: the one pressed ("on China", "China's"), a place, or neither. */
    private static String role(String field, PhraseMatch m) {
        if (field == null || m.end() > field.length()) {
            return "named";
        }
        if (TargetCues.isTargeted(field, m.start(), m.end())) {
            return "target";
        }
        return TargetCues.isPlace(field, m.start()) ? "place" : "named";
    }
}
