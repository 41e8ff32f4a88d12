package chokepoint.alerts.delivery;

/**
 * How one attempt to hand a message to a receiver ended.
 *
 * @param status     the HTTP status, or 0 when no response came
 * @param retryAfter seconds the receiver asked us to wait, or -1
 * @param detail     a description safe to log (never the webhook URL)
 */
public record DeliveryOutcome(int status, long retryAfter, String detail) {

    public boolean accepted() {
        return status >= 200 && status < 300;
    }

    /** 4xx other than 408 and 429 will not get better by trying again. */
    public boolean permanent() {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
