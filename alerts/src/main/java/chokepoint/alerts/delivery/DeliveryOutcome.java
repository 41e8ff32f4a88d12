package chokepoint.alerts.delivery;

/**
 * How one attempt to hand a message to a receiver ended.
 *
 * @param status     the HTTP status or SMTP reply code, or 0 when no answer came
 * @param permanent  true when trying again cannot help (HTTP 3xx, 400/403/404/410, SMTP 5xx)
 * @param retryAfter seconds the receiver asked us to wait, or -1
 * @param detail     a description safe to log and show (never a URL, an address's password or a secret)
 */
public record DeliveryOutcome(int status, boolean permanent, long retryAfter, String detail) {

    public boolean accepted() {
        return !permanent && (status >= 200 && status < 300 || status == 250);
    }

    /**
     * 4xx other than 408 and 429 will not get better by trying again; 5xx and no answer might. A 3xx is a receiver
     * misconfigured (delivery follows no redirect, so that a webhook cannot bounce it to an internal address): retried
     * for the whole give-up time it once was, it is now refused at once like a 4xx.
     */
    public static DeliveryOutcome http(int status, long retryAfter) {
        boolean redirect = status >= 300 && status < 400;
        boolean permanent = redirect || status >= 400 && status < 500 && status != 408 && status != 429;
        return new DeliveryOutcome(status, permanent, retryAfter,
                redirect ? "HTTP " + status + " (a redirect; delivery follows none: give the receiver's final URL)" : "HTTP " + status);
    }

    /** Delivery stopped before an answer came (shutting down, or the receiver's partition moved to another instance). */
    public static DeliveryOutcome stopped() {
        return new DeliveryOutcome(-1, false, -1, "stopped before an answer came");
    }

    public boolean isStopped() {
        return status == -1;
    }

    public static DeliveryOutcome noAnswer(String what) {
        return new DeliveryOutcome(0, false, -1, what);
    }

    /** SMTP: 2xx accepted, 4xx try later, 5xx refused for good. */
    public static DeliveryOutcome smtp(int code, String detail) {
        return new DeliveryOutcome(code, code >= 500, -1, detail);
    }
}
