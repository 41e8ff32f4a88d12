package chokepoint.streams.topology;

import chokepoint.topics.Lane;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Passes on the records whose timestamp lies in the lane's range; the others go no further. */
final class InRange implements FixedKeyProcessor<String, byte[], byte[]> {

    private final Lane lane;
    private FixedKeyProcessorContext<String, byte[]> context;

    private InRange(Lane lane) {
        this.lane = lane;
    }

    static FixedKeyProcessorSupplier<String, byte[], byte[]> of(Lane lane) {
        return () -> new InRange(lane);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        if (lane.inRange(record.timestamp())) {
            context.forward(record);
        }
    }
}
