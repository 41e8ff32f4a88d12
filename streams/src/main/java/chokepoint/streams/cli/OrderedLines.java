package chokepoint.streams.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Lines turned into output lines on several threads, written in the order they were read: the calling thread reads
 * and queues each line's work, a writer thread takes the results in queue order. At most {@code ahead} lines are
 * under way, so memory stays bounded however long the input; the output is flushed whenever the writer has caught up
 * with the reader, so a line piped in alone comes out at once.
 */
final class OrderedLines {

    /** One line read, or the end of the input. */
    interface Source {
        byte[] next() throws IOException;
    }

    private static final CompletableFuture<String> END = CompletableFuture.completedFuture(null);

    private final int threads;
    private final int ahead;
    /** What a line's work threw: the run fails with it once the lines before it are written. */
    private volatile RuntimeException failure;

    OrderedLines(int threads, int ahead) {
        this.threads = threads;
        this.ahead = ahead;
    }

    void run(Source source, Function<byte[], String> work, PrintStream out) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("classify"));
        BlockingQueue<CompletableFuture<String>> pending = new ArrayBlockingQueue<>(ahead);
        Thread writer = daemon("classify-writer").newThread(() -> write(pending, out));
        writer.start();
        try {
            byte[] line;
            // After a failure the rest is not read: the command fails, and the pool's queue must not take the input.
            while (failure == null && (line = source.next()) != null) {
                byte[] read = line;
                put(pending, CompletableFuture.supplyAsync(() -> work.apply(read), pool));
            }
        } finally {
            put(pending, END);
            join(writer);
            pool.shutdownNow();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void write(BlockingQueue<CompletableFuture<String>> pending, PrintStream out) {
        try {
            CompletableFuture<String> next;
            while ((next = pending.take()) != END) {
                out.println(next.join());
                if (pending.isEmpty()) {
                    out.flush();
                }
            }
        } catch (CompletionException e) {
            failure = e.getCause() instanceof RuntimeException runtime ? runtime : e;
            drain(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a failure the reader must not block on a full queue: take the rest until the end. */
    private static void drain(BlockingQueue<CompletableFuture<String>> pending) {
        try {
            while (pending.take() != END) {
                // discarded: the command fails
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void put(BlockingQueue<CompletableFuture<String>> pending, CompletableFuture<String> item) {
        try {
            pending.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
