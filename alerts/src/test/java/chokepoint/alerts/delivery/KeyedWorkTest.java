package chokepoint.alerts.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender's bookkeeping without Kafka: one receiver's messages one at a time and in order, receivers side by side,
 * offsets committed only below the oldest message not finished, a partition let go forgotten.
 */
class KeyedWorkTest {

    private static final TopicPartition P0 = new TopicPartition("outbox", 0);

    private static ConsumerRecord<String, byte[]> record(String key, long offset) {
        return new ConsumerRecord<>("outbox", 0, offset, key, new byte[0]);
    }

    private static MessageSender.Sending sending(CompletableFuture<MessageSender.Finish> done) {
        return new MessageSender.Sending(done, new AtomicBoolean());
    }

    private static void drain(KeyedWork work) {
        KeyedWork.Completion completion;
        while ((completion = work.nextCompletion()) != null) {
            work.completed(completion);
        }
    }

    @Test
    void aSlowReceiverHoldsItsOwnMessagesAndTheOffsetBelowThemOnly() {
        KeyedWork work = new KeyedWork();
        work.assigned(List.of(P0));
        work.unblock(List.of(P0));
        ConsumerRecord<String, byte[]> slow0 = record("slow", 0);
        ConsumerRecord<String, byte[]> fast1 = record("fast", 1);
        ConsumerRecord<String, byte[]> slow2 = record("slow", 2);
        ConsumerRecord<String, byte[]> fast3 = record("fast", 3);
        List.of(slow0, fast1, slow2, fast3).forEach(work::add);

        List<ConsumerRecord<String, byte[]>> first = work.ready();
        assertEquals(List.of(slow0, fast1), first, "the first message of each receiver, side by side");
        CompletableFuture<MessageSender.Finish> slowDone = new CompletableFuture<>();
        CompletableFuture<MessageSender.Finish> fastDone = new CompletableFuture<>();
        work.started(slow0, sending(slowDone));
        work.started(fast1, sending(fastDone));
        assertEquals(List.of(), work.ready(), "one message per receiver at a time");

        fastDone.complete(MessageSender.Finish.DONE);
        drain(work);
        assertEquals(List.of(fast3), work.ready(), "the fast receiver goes on while the slow one hangs");
        CompletableFuture<MessageSender.Finish> fast3Done = new CompletableFuture<>();
        work.started(fast3, sending(fast3Done));
        fast3Done.complete(MessageSender.Finish.DONE);
        drain(work);
        assertEquals(0, work.safeOffset(P0, 4), "nothing committed past the slow receiver's unfinished message");
        assertEquals(2, work.held(P0));

        slowDone.complete(MessageSender.Finish.DONE);
        drain(work);
        assertEquals(2, work.safeOffset(P0, 4), "up to the slow receiver's next message");
        assertEquals(List.of(slow2), work.ready(), "its next message in order");
    }

    @Test
    void aStoppedOrFailedMessageIsNotPassedAndAPartitionLetGoIsForgotten() {
        KeyedWork work = new KeyedWork();
        work.assigned(List.of(P0));
        assertEquals(List.of(), blockedReady(work), "nothing starts before the log has caught up");
        work.unblock(List.of(P0));
        ConsumerRecord<String, byte[]> a = record("a", 5);
        ConsumerRecord<String, byte[]> b = record("b", 6);
        work.add(a);
        work.add(b);
        work.ready();
        work.started(a, sending(CompletableFuture.completedFuture(MessageSender.Finish.STOPPED)));
        work.started(b, sending(CompletableFuture.failedFuture(new IllegalStateException("boom"))));
        drain(work);
        assertEquals(5, work.safeOffset(P0, 7), "neither a stopped nor a failed message is passed");
        assertEquals(List.of(P0), work.owned(List.of(P0)));
        work.forget(List.of(P0));
        assertTrue(work.owned(List.of(P0)).isEmpty(), "a partition let go is not committed again");
        assertEquals(7, work.safeOffset(P0, 7));
    }

    /**
     * A partition lost while a message is on the wire (this member expelled under load) and given back at once: the
     * message read again must not start before the first request is answered, whose log entry then stops it. Before,
     * the copy started at once and the receiver got the message twice (DeliveryKillTest, once under heavy load).
     */
    @Test
    void aMessageReadAgainAfterItsPartitionCameBackWaitsForTheRequestStillOnTheWire() {
        KeyedWork work = new KeyedWork();
        work.assigned(List.of(P0));
        work.unblock(List.of(P0));
        ConsumerRecord<String, byte[]> first = record("r0", 3);
        work.add(first);
        assertEquals(List.of(first), work.ready());
        CompletableFuture<MessageSender.Finish> onTheWire = new CompletableFuture<>();
        work.started(first, sending(onTheWire));

        work.forget(List.of(P0));  // lost: no wait, another owner may send it
        work.assigned(List.of(P0));
        work.unblock(List.of(P0));
        ConsumerRecord<String, byte[]> again = record("r0", 3);
        ConsumerRecord<String, byte[]> other = record("r1", 4);
        work.add(again);
        work.add(other);
        assertEquals(List.of(other), work.ready(), "the receiver with a request on the wire waits; others go on");
        assertEquals(1, work.orphans());

        onTheWire.complete(MessageSender.Finish.DONE);
        drain(work);
        assertEquals(0, work.orphans());
        assertEquals(3, work.safeOffset(P0, 5), "the old request's end does not pass the copy read again");
        assertEquals(List.of(again), work.ready(), "the copy starts once the old request is answered");
    }

    private static List<ConsumerRecord<String, byte[]>> blockedReady(KeyedWork work) {
        work.add(record("x", 0));
        List<ConsumerRecord<String, byte[]>> ready = work.ready();
        work.forget(List.of(P0));
        work.assigned(List.of(P0));
        return ready;
    }
}
