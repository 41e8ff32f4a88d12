package chokepoint.alerts.delivery;

import chokepoint.records.Breach;

import java.util.List;

/** Hands one message carrying one or more breaches to one kind of receiver. */
public interface ChannelSender {

    DeliveryOutcome send(Recipient recipient, List<Breach> breaches);
}
