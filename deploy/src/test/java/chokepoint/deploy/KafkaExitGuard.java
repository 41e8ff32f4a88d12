package chokepoint.deploy;

import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A broker that meets a fatal fault (a log folder gone, an error in its Raft thread) ends the process through
 * Kafka's {@link Exit}: in a test fork that kills every test at once and Surefire reports only "the forked VM
 * terminated". As in Kafka's own tests, the request is recorded instead and fails the test that was running, with
 * the broker's reason and the thread that asked. Registered for every test of this module by the service file
 * beside it (JUnit's extension autodetection).
 */
public final class KafkaExitGuard implements BeforeAllCallback, AfterEachCallback {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static final AtomicReference<String> REQUEST = new AtomicReference<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        Exit.setExitProcedure((status, message) -> record("exit", status, message));
        Exit.setHaltProcedure((status, message) -> record("halt", status, message));
    }

    private static void record(String kind, int status, String message) {
        Thread thread = Thread.currentThread();
        String where = Arrays.stream(thread.getStackTrace()).skip(2).limit(12)
                .map(StackTraceElement::toString).collect(Collectors.joining("\n    at "));
        String request = "Kafka asked to " + kind + "(" + status + ") in thread " + thread.getName() + ": " + message
                + "\n    at " + where;
        LOG.error(request);
        REQUEST.compareAndSet(null, request);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String request = REQUEST.getAndSet(null);
        if (request != null) {
            throw new AssertionError(request);
        }
    }
}
