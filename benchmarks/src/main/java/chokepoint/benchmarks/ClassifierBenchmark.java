package chokepoint.benchmarks;

import chokepoint.streams.classify.Classifier;
import chokepoint.streams.classify.RuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Clock;
import java.util.List;

/**
 * Items per second through the whole classifier (matching, measure, stage, actor, targets, sectors, codes,
 * severity, evidence) with the bundled rule set, on 1 KB texts. Run: {@code benchmarks/run ClassifierBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ClassifierBenchmark {

    private static final int TEXTS = 64;

    private List<String> texts;
    private Classifier classifier;

    @Setup
    public void setUp() {
        texts = BenchmarkTexts.texts(TEXTS, 1024);
        classifier = new Classifier(RuleSet.bundled(), Clock.systemUTC());
    }

    @Benchmark
    @OperationsPerInvocation(TEXTS)
    public void classifyBundledRules(Blackhole sink) {
        for (String text : texts) {
            int cut = text.indexOf(". ");
            sink.consume(classifier.classify(text.substring(0, Math.max(cut, 0)), text, null));
        }
    }
}
