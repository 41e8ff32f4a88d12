package chokepoint.alerts.subscriptions;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.NotReadyYet;
import chokepoint.records.Subscription;
import chokepoint.records.SubscriptionChange;
import chokepoint.records.SubscriptionOutcome;
import chokepoint.run.RunningLoops;
import chokepoint.topics.TopicFollower;
import chokepoint.topics.TopicTable;
import chokepoint.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Every subscription, read from the compacted {@code chokepoint.subscriptions} topic and followed as it changes (each
 * alerts instance reads all of it: subscriptions are few and every delivery instance needs all of them), and the way
 * to change one: a {@link SubscriptionChange} made from the version read here, applied by the one writer of the
 * topic ({@link chokepoint.alerts.control.ControlTopology}) only if nobody changed the subscription since. This waits for the
 * outcome; an edit refused because another came first is made again on the newer version, so neither is lost.
 */
public final class SubscriptionBook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionBook.class);

    /** The subscription changed since the version a change was made from. */
    public static final class Conflict extends Exception {
        private final long current;

        Conflict(long current, String message) {
            super(message);
            this.current = current;
        }

        public long current() {
            return current;
        }
    }

    private final KafkaProducer<String, SubscriptionChange> producer;
    private final TopicTable<Subscription> byId;
    private final Map<String, CompletableFuture<SubscriptionOutcome>> awaited = new ConcurrentHashMap<>();
    private final TopicFollower<SubscriptionOutcome> outcomes;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "subscription-changes");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration timeout;

    /** @param process the loops of this process, which the book's two followers join */
    public SubscriptionBook(KafkaClients clients, RunningLoops process) {
        this(clients, Duration.ofSeconds(30), process);
    }

    /** @param timeout how long a change waits for its outcome before the caller is told to try again later */
    public SubscriptionBook(KafkaClients clients, Duration timeout, RunningLoops process) {
        this.timeout = timeout;
        Properties producerProps = clients.properties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(producerProps, Topics.SUBSCRIPTION_CHANGES.keySerde().serializer(),
                Topics.SUBSCRIPTION_CHANGES.valueSerde().serializer());
        byId = new TopicTable<>(clients, Topics.SUBSCRIPTIONS, process);
        // From the beginning (a day of outcomes at most): an outcome written before this follower found the end of
        // the topic is still seen.
        outcomes = new TopicFollower<>(clients, Topics.SUBSCRIPTION_OUTCOMES, (changeId, outcome) -> {
            CompletableFuture<SubscriptionOutcome> waiting = changeId == null ? null : awaited.remove(changeId);
            if (waiting != null && outcome != null) {
                waiting.complete(outcome);
            }
        }, process);
    }

    /** Waits until what was in the topic so far has been read; false when it could not be in time. */
    public boolean awaitLoaded(Duration timeout) {
        try {
            byId.catchUp(timeout);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    public Collection<Subscription> all() {
        return byId.find(subscription -> true);
    }

    public Optional<Subscription> get(String id) {
        return byId.get(id);
    }

    /** Stores a new subscription; returns it as stored. */
    public Subscription create(Subscription subscription, String by) {
        try {
            return store(subscription.id(), 0, subscription, by).orElseThrow();
        } catch (Conflict e) {
            throw new IllegalStateException("a new subscription's id is already taken: " + subscription.id(), e);
        }
    }

    /**
     * Stores {@code edited} if the subscription is still at {@code edited.version()}, the version it was made from.
     *
     * @throws Conflict when another change came first: nothing was stored
     */
    public Subscription replace(Subscription edited, String by) throws Conflict {
        return store(edited.id(), edited.version(), edited, by).orElseThrow();
    }

    /**
     * Applies {@code edit} to the latest version of subscription {@code id}, and again to a newer one as long as
     * other changes come first. The edit returns its argument unchanged when there is nothing to do, and null to
     * delete the subscription.
     *
     * @return the subscription as stored; empty when there is none (or no longer)
     */
    public Optional<Subscription> update(String id, String by, UnaryOperator<Subscription> edit) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            Optional<Subscription> current = byId.get(id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Subscription edited = edit.apply(current.get());
            if (edited == current.get()) {
                return current;
            }
            try {
                return store(id, current.get().version(), edited == null ? null : edited.withVersion(current.get().version()), by);
            } catch (Conflict e) {
                if (System.nanoTime() > deadline) {
                    throw new NotReadyYet("subscription " + id + " kept changing for " + timeout.toSeconds() + " s ("
                            + attempt + " attempts); try again", e);
                }
                // What the other writer stored is in the topic once its outcome is: read up to it, then edit that,
                // after a random pause so that writers that collided do not collide again in step.
                byId.catchUp(timeout);
                pause(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing a subscription", e);
        }
    }

    /** {@link #update} on a thread of its own, for delivery threads that must not wait; failures are logged. */
    public void updateInBackground(String id, String by, UnaryOperator<Subscription> edit) {
        background.execute(() -> {
            try {
                update(id, by, edit);
            } catch (RuntimeException e) {
                LOG.warn("could not change subscription {} ({}): {}", id, by, e.getMessage());
            }
        });
    }

    public void delete(String id, String by) {
        update(id, by, subscription -> null);
    }

    private Optional<Subscription> store(String id, long expectedVersion, Subscription value, String by) throws Conflict {
        SubscriptionChange change = new SubscriptionChange(UUID.randomUUID().toString(), id, expectedVersion, value, by, Instant.now());
        CompletableFuture<SubscriptionOutcome> outcome = new CompletableFuture<>();
        awaited.put(change.id(), outcome);
        try {
            producer.send(new ProducerRecord<>(Topics.SUBSCRIPTION_CHANGES.name(), id, change)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            SubscriptionOutcome result = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!result.accepted()) {
                throw new Conflict(result.version(), "subscription " + id + " " + result.reason());
            }
            // The outcome and the subscription were written in one transaction: reading to the end finds it.
            byId.catchUp(timeout);
            return value == null ? Optional.empty() : byId.get(id).filter(s -> s.version() >= result.version())
                    .or(() -> Optional.of(value.withVersion(result.version())));
        } catch (TimeoutException e) {
            throw new NotReadyYet("the change of subscription " + id + " was not applied within " + timeout.toSeconds()
                    + " s (is the alerts Streams application running?)", e);
        } catch (ExecutionException e) {
            throw new NotReadyYet("cannot write the change of subscription " + id + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing subscription " + id, e);
        } finally {
            awaited.remove(change.id());
        }
    }

    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outcomes.close();
        byId.close();
        producer.close(Duration.ofSeconds(5));
    }
}
