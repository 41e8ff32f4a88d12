package chokepoint.benchmarks;

import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.PhraseMatcher;
import chokepoint.streams.classify.PhraseRule;
import chokepoint.streams.classify.RuleSet;
import org.ahocorasick.trie.Trie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Items per second on 1 KB texts: Chokepoint's one-pass matcher (Aho-Corasick on a double-array trie) against the
 * naive way, one regular expression per phrase, and against the Aho-Corasick library it used before (a hash map of
 * boxed chars per trie node, {@code org.ahocorasick}), at 100, 1,000 and 10,000 phrases, in the same run; and the
 * whole classifier with its clause layer on the same rules, to show what the decisions cost beside the matching.
 * Run: {@code benchmarks/run MatcherBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MatcherBenchmark {

    private static final int TEXTS = 64;

    @Param({"100", "1000", "10000"})
    public int phrases;

    private List<String> texts;
    private PhraseMatcher matcher;
    private Pattern[] regexes;
    private Trie mapTrie;
    private Classifier classifier;

    @Setup
    public void setUp() throws IOException {
        texts = BenchmarkTexts.texts(TEXTS, 1024);
        List<String> real = RuleSet.bundled().rules().stream().map(PhraseRule::phrase).toList();
        RuleSet rules = RuleSet.parse("bench", new StringReader(BenchmarkTexts.ruleFile(real, phrases)));
        matcher = new PhraseMatcher(rules);
        classifier = new Classifier(rules, Clock.systemUTC());
        regexes = rules.rules().stream()
                .map(rule -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(rule.phrase()) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                .toArray(Pattern[]::new);
        Trie.TrieBuilder builder = Trie.builder().ignoreCase();
        rules.rules().forEach(rule -> builder.addKeyword(rule.phrase().toLowerCase(java.util.Locale.ROOT)));
        mapTrie = builder.build();
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public void mapTrieLibrary(Blackhole sink) {
        for (String text : texts) {
            sink.consume(mapTrie.parseText(text));
        }
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public void onePassMatcher(Blackhole sink) {
        for (String text : texts) {
            sink.consume(matcher.find("text", text));
        }
    }

    /**
     * The whole classifier, clause layer in, on the same rules: every phrase is a measure phrase here, so every item
     * is a measure and goes through stage, clauses, actor, targets and evidence (the costliest path).
     */
    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public void wholeClassifierWithClauseLayer(Blackhole sink) {
        for (String text : texts) {
            int cut = text.indexOf(". ");
            sink.consume(classifier.classify(text.substring(0, Math.max(cut, 0)), text, null));
        }
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public void regexPerPhrase(Blackhole sink) {
        for (String text : texts) {
            int found = 0;
            for (Pattern regex : regexes) {
                Matcher m = regex.matcher(text);
                while (m.find()) {
                    found++;
                }
            }
            sink.consume(found);
        }
    }
}
