package chokepoint.alerts.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The sender's bookkeeping, key-ordered concurrency: the messages of one receiver (one key) one after the other, in
 * the order of the outbox; different receivers side by side. A partition's offset may be committed only below its
 * oldest message not yet finished, so that a crash re-reads exactly what was waiting or in flight. Used by the poll
 * thread only; completions arrive from the sending threads through a queue.
 */
final class KeyedWork {

    record Running(ConsumerRecord<String, byte[]> record, MessageSender.Sending sending) {
    }

    record Completion(ConsumerRecord<String, byte[]> record, MessageSender.Finish finish, Throwable error) {
    }

    private final Map<TopicPartition, TreeSet<Long>> unfinished = new HashMap<>();
    private final Map<String, ArrayDeque<ConsumerRecord<String, byte[]>>> waiting = new LinkedHashMap<>();
    private final Map<String, Running> running = new HashMap<>();
    /**
     * Messages still on the wire of partitions let go: a partition lost (this member expelled) is forgotten at once,
     * and when it comes back here its messages are read again while the old request may still be answered. The
     * receiver's next message waits for it, so that the log entry it writes when accepted is seen, not sent twice.
     */
    private final Map<String, Running> orphans = new HashMap<>();
    private final Set<TopicPartition> blocked = new HashSet<>();
    /** The partitions this life of the sender owns: only their offsets may be committed. */
    private final Set<TopicPartition> owned = new HashSet<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();

    void add(ConsumerRecord<String, byte[]> record) {
        unfinished.computeIfAbsent(partition(record), p -> new TreeSet<>()).add(record.offset());
        waiting.computeIfAbsent(key(record), k -> new ArrayDeque<>()).add(record);
    }

    /** The next message of each receiver that has none in flight, out of partitions not blocked; now counted as running. */
    List<ConsumerRecord<String, byte[]>> ready() {
        List<ConsumerRecord<String, byte[]>> ready = new ArrayList<>();
        for (Iterator<Map.Entry<String, ArrayDeque<ConsumerRecord<String, byte[]>>>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ArrayDeque<ConsumerRecord<String, byte[]>>> entry = it.next();
            if (running.containsKey(entry.getKey()) || orphans.containsKey(entry.getKey())
                    || blocked.contains(partition(entry.getValue().peekFirst()))) {
                continue;
            }
            ready.add(entry.getValue().pollFirst());
            if (entry.getValue().isEmpty()) {
                it.remove();
            }
        }
        return ready;
    }

    void started(ConsumerRecord<String, byte[]> record, MessageSender.Sending sending) {
        running.put(key(record), new Running(record, sending));
        sending.done().whenComplete((finish, error) -> completions.add(new Completion(record, finish, error)));
    }

    /** A message finished at once (unreadable, parked before any request). */
    void finishedNow(ConsumerRecord<String, byte[]> record) {
        TreeSet<Long> offsets = unfinished.get(partition(record));
        if (offsets != null) {
            offsets.remove(record.offset());
        }
    }

    Completion nextCompletion() {
        return completions.poll();
    }

    /** Records how a running message ended: finished (its offset may be passed) or stopped (read again by the next owner). */
    void completed(Completion completion) {
        ConsumerRecord<String, byte[]> record = completion.record();
        Running orphan = orphans.get(key(record));
        if (orphan != null && orphan.record() == record) {
            orphans.remove(key(record));
            return;  // of a partition let go: its offset is no longer this life's to pass (a copy read again may wait)
        }
        Running current = running.get(key(record));
        if (current == null || current.record() != record) {
            return;  // of a partition let go, finished before it was forgotten: nothing of this life to pass
        }
        running.remove(key(record));
        if (completion.error() == null && completion.finish() == MessageSender.Finish.DONE) {
            finishedNow(record);
        }
    }

    /** Where a partition's committed offset may be: below its oldest unfinished message, else at {@code position}. */
    long safeOffset(TopicPartition partition, long position) {
        TreeSet<Long> offsets = unfinished.get(partition);
        return offsets == null || offsets.isEmpty() ? position : Math.min(position, offsets.first());
    }

    /** Messages of the partition waiting or in flight. */
    int held(TopicPartition partition) {
        TreeSet<Long> offsets = unfinished.get(partition);
        return offsets == null ? 0 : offsets.size();
    }

    List<Running> runningIn(Collection<TopicPartition> partitions) {
        return running.values().stream().filter(r -> partitions.contains(partition(r.record()))).toList();
    }

    List<Running> running() {
        return List.copyOf(running.values());
    }

    /**
     * Partitions taken over: owned from now on, and nothing of them starts until {@link #unblock} (the notification
     * log is catching up with what the previous owner wrote).
     */
    void assigned(Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
        blocked.addAll(partitions);
    }

    /** Of {@code partitions}, those still owned (a partition let go must not be committed again, past what it left). */
    List<TopicPartition> owned(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(owned::contains).toList();
    }

    /** Partitions taken over whose previous owner's work is now known here: their messages may start. */
    void unblock(Collection<TopicPartition> partitions) {
        partitions.forEach(blocked::remove);
    }

    /** Lets go of partitions that moved to another instance: what was waiting here is theirs to send. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(owned::remove);
        partitions.forEach(unfinished::remove);
        partitions.forEach(blocked::remove);
        waiting.values().forEach(queue -> queue.removeIf(record -> partitions.contains(partition(record))));
        waiting.values().removeIf(ArrayDeque::isEmpty);
        for (Iterator<Running> it = running.values().iterator(); it.hasNext(); ) {
            Running r = it.next();
            if (partitions.contains(partition(r.record()))) {
                it.remove();
                if (!r.sending().done().isDone()) {
                    orphans.put(key(r.record()), r);
                }
            }
        }
    }

    /** Messages of partitions let go that are still on the wire (their receivers' next messages wait for them). */
    int orphans() {
        return orphans.size();
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static String key(ConsumerRecord<String, byte[]> record) {
        return record.key() == null ? "" : record.key();
    }
}
