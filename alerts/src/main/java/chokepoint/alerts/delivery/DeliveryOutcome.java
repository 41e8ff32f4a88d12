package chokepoint.alerts.delivery;

/**
 * How one attempt to hand a message to a receiver ended.
 *
 * @param status     the HTTP status or SMTP reply code, or 0 when no answer came
 * @param permanent  true when trying again cannot help (HTTP 400/403/404/410, SMTP 5xx)
 * @param retryAfter seconds the receiver asked us to wait, or -1
 * @param detail     a description safe to log and show (never a URL, an address's password or a secret)
 */
public record DeliveryOutcome(int status, boolean permanent, long retryAfter, String detail) {

    public boolean accepted() {
        return !permanent && (status >= 200 && status < 300 || status == 250);
    }

    /** 4xx other than 408 and 429 will not get better by trying again; 5xx and no answer might. */
    public static DeliveryOutcome http(int status, long retryAfter) {
        return http(status, retryAfter, null);
    }

    /**
     * As {@link #http(int, long)}, and a redirect (3xx) is a permanent misconfiguration: deliveries never follow one
     * (a receiver must not send a signed breach elsewhere, nor the guard be walked around), so asking again for the
     * whole give-up period would only repeat it. The operator learns where it points and fixes the URL.
     *
     * @param redirectHost the host a 3xx answer's Location names, or null
     */
    public static DeliveryOutcome http(int status, long retryAfter, String redirectHost) {
        if (status >= 300 && status < 400) {
            return new DeliveryOutcome(status, true, -1, "receiver answered " + status + " redirect to "
                    + (redirectHost == null ? "(no Location)" : redirectHost) + ": fix the URL");
        }
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        return new DeliveryOutcome(status, permanent, retryAfter, "HTTP " + status);
    }

    public static DeliveryOutcome noAnswer(String what) {
        return new DeliveryOutcome(0, false, -1, what);
    }

    /** SMTP: 2xx accepted, 4xx try later, 5xx refused for good. */
    public static DeliveryOutcome smtp(int code, String detail) {
        return new DeliveryOutcome(code, code >= 500, -1, detail);
    }
}
