package chokepoint.streams.classify;

import java.util.List;

/**
 * The measure words the rules found, where they found them, for the learned layer to read their neighbourhood ("plans
 * to impose tariffs", "tariffs lifted", 拟实施…出口管制) whether or not the rules decided with them.
 */
final class RuleCues {

    private RuleCues() {
    }

    static List<RuleSignals.Cue> of(List<PhraseMatch> matches) {
        return matches.stream().filter(m -> m.rule().kind() == RuleKind.MEASURE)
                .map(m -> new RuleSignals.Cue(m.field(), m.start(), m.end(), m.rule().value())).toList();
    }
}
