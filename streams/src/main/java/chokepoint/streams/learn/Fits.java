package chokepoint.streams.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Training's work shared among threads: the heads' fits, which depend on one another only where one starts from
 * another's weights, and the reading of items. Every result lands in the place its input had and every fit starts
 * from the same weights whatever the order the threads take them in, so the model file does not depend on the number
 * of threads.
 */
final class Fits {

    /** Items read per task: enough to outweigh a task's cost, few enough to share the work evenly. */
    private static final int CHUNK = 256;

    private final ExecutorService pool;

    Fits(ExecutorService pool) {
        this.pool = pool;
    }

    <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, pool);
    }

    /** One head fitted on these examples from zero, under way. */
    CompletableFuture<LinearModel> fit(List<ModelTrainer.Example> examples, List<String> classes,
                                       Function<ModelTrainer.Example, String> label, double c,
                                       Function<ModelTrainer.Example, TextFeatures.Vector> features) {
        return async(() -> ModelTrainer.fit(examples, classes, label, c, features, null));
    }

    /** One head fitted on these examples from the weights of another fit, once that one is done. */
    CompletableFuture<LinearModel> fitFrom(CompletableFuture<LinearModel> start, List<ModelTrainer.Example> examples,
                                           List<String> classes, Function<ModelTrainer.Example, String> label, double c,
                                           Function<ModelTrainer.Example, TextFeatures.Vector> features) {
        return start.thenApplyAsync(from -> ModelTrainer.fit(examples, classes, label, c, features, from), pool);
    }

    /** {@code f} applied to every item, in the items' order. */
    <T, R> List<R> map(List<T> items, Function<T, R> f) {
        List<CompletableFuture<List<R>>> parts = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            List<T> part = items.subList(from, Math.min(items.size(), from + CHUNK));
            parts.add(async(() -> part.stream().map(f).toList()));
        }
        List<R> results = new ArrayList<>(items.size());
        parts.forEach(part -> results.addAll(join(part)));
        return results;
    }

    /** The result, or what the work threw, as it was thrown. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
