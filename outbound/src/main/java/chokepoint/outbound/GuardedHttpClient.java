package chokepoint.outbound;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The one HTTP client through which Chokepoint reaches other machines (Apache HttpClient 5): ingest's fetches and
 * delivery's webhooks alike. Every hop passes the {@link AddressGuard}; connections go only to addresses the
 * {@link CheckedDnsResolver} checked (DNS rebinding); redirects are followed by hand, each checked, at most
 * {@code maxRedirects}; no transparent decompression (so no decompression bomb); a cap on the body; and one
 * wall-clock deadline over the whole exchange, headers included: a server that drips its status line a byte a
 * second is cut off at the deadline like one that drips its body (the socket timeout alone restarts at every byte).
 */
public final class GuardedHttpClient implements AutoCloseable {

    /** Reads a streamed body; the stream stops at the cap and at the deadline. {@code E}: what the reader refuses with. */
    @FunctionalInterface
    public interface BodyReader<T, E extends Exception> {
        T read(InputStream body, String contentType, URI finalUri) throws IOException, FetchRefused, E;
    }

    /** What a streamed fetch gave: the reader's value (null on 304) and the validators to send next time. */
    public record Streamed<T>(int status, T value, String contentType, String etag, String lastModified, URI finalUri) {
        public boolean notModified() {
            return status == 304;
        }
    }

    private static final long MAX_ANSWER_BODY = 64 * 1024;
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    /** What is read of a body its reader left unread, to keep the connection; beyond it the connection is dropped. */
    private static final long REMAINDER_READ = 64 * 1024;

    private final OutboundSettings settings;
    private final AddressGuard guard;
    private final HostTurns turns;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chokepoint-http-deadline");
        thread.setDaemon(true);
        return thread;
    });

    /** Connections to one host at once; a slow endpoint holds one of them, never the last (see {@link HostTurns}). */
    static final int CONNECTIONS_PER_HOST = 4;

    public GuardedHttpClient(OutboundSettings settings) {
        this(settings, HostTurns.Ticker.SYSTEM);
    }

    /** @param ticker the time the hosts' turns are taken by (a test's hand-moved clock) */
    GuardedHttpClient(OutboundSettings settings, HostTurns.Ticker ticker) {
        this(settings, ticker, SystemDefaultDnsResolver.INSTANCE, null);
    }

    /**
     * @param lookup how the guard resolves names before a request (the system's resolver, or a test's)
     * @param dial   the resolver the connections are opened through; null: {@code lookup} behind the
     *               {@link CheckedDnsResolver} (a test hands its own, which sends what passes the check to a canary)
     */
    GuardedHttpClient(OutboundSettings settings, HostTurns.Ticker ticker, DnsResolver lookup, DnsResolver dial) {
        this.settings = settings;
        this.guard = new AddressGuard(settings.allowedPrivate(), lookup);
        this.turns = new HostTurns(settings.politenessDelay(), CONNECTIONS_PER_HOST, slowAfter(settings.deadline()), ticker);
        Set<String> allowedHosts = settings.allowedPrivate().stream()
                .filter(hostPort -> hostPort.lastIndexOf(':') > 0)
                .map(hostPort -> hostPort.substring(0, hostPort.lastIndexOf(':')).toLowerCase(Locale.ROOT))
                .map(host -> host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
                .collect(Collectors.toSet());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(dial != null ? dial : new CheckedDnsResolver(lookup, allowedHosts))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.deadline()))
                                .build())
                        .setMaxConnTotal(64)
                        // The turns keep at most CONNECTIONS_PER_HOST fast requests in flight, plus the slow ones
                        // (at most CONNECTIONS_PER_HOST - 1): the pool must never be what a request waits for.
                        .setMaxConnPerRoute(2 * CONNECTIONS_PER_HOST)
                        .build())
                .disableRedirectHandling()
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(settings.userAgent())
                .build();
    }

    /** An exchange running longer than this is slow: it keeps its connection, the host's others go on without it. */
    static Duration slowAfter(Duration deadline) {
        Duration quarter = deadline.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(10)) < 0 ? quarter : Duration.ofSeconds(10);
    }

    /** The hosts' turns (for tests that move their clock by hand). */
    HostTurns turns() {
        return turns;
    }

    /**
     * @param etag         validator from the previous fetch, or null
     * @param lastModified validator from the previous fetch, or null
     */
    public FetchResult get(URI uri, String etag, String lastModified) throws FetchRefused {
        return fetch(OutboundRequest.conditionalGet(uri, etag, lastModified));
    }

    /** The body of a 200 answer, or a 304; anything else is refused with the server's status and Retry-After. */
    public FetchResult fetch(OutboundRequest request) throws FetchRefused {
        Streamed<byte[]> streamed = stream(request, (BodyReader<byte[], RuntimeException>) (body, contentType, finalUri) -> body.readAllBytes());
        return new FetchResult(streamed.status(), streamed.notModified() ? new byte[0] : streamed.value(),
                streamed.contentType(), streamed.etag(), streamed.lastModified(), streamed.finalUri());
    }

    /**
     * Like {@link #fetch}, but the body is handed to {@code reader} as a stream, so that a large list can be read
     * without holding its bytes (the cap and the deadline still apply).
     */
    public <T, E extends Exception> Streamed<T> stream(OutboundRequest request, BodyReader<T, E> reader) throws FetchRefused, E {
        return new Exchange(request).run(reader);
    }

    /**
     * Sends a request whose answer the caller judges (a webhook's): redirects are not followed (a receiver that
     * moves is answered as it answered), the status and Retry-After come back for any status, the body is read up to
     * a small cap and dropped.
     */
    public Answer send(OutboundRequest request, Duration maxRetryAfter) throws FetchRefused {
        Exchange exchange = new Exchange(request);
        return exchange.answer(maxRetryAfter);
    }

    /**
     * One exchange, redirects included, under one deadline, which starts when the first request gets its turn at
     * the host: waiting in the host's queue behind other sources is not this fetch's fault.
     */
    private final class Exchange {
        private final OutboundRequest request;
        private long deadline;
        private ScheduledFuture<?> alarm;
        private HostTurns.Turn turn;
        private final AtomicReference<HttpUriRequestBase> current = new AtomicReference<>();
        private final AtomicBoolean expired = new AtomicBoolean();

        Exchange(OutboundRequest request) {
            this.request = request;
        }

        <T, E extends Exception> Streamed<T> run(BodyReader<T, E> reader) throws FetchRefused, E {
            try {
                URI uri = Urls.withCanonicalHost(request.uri());
                for (int hop = 0; hop <= settings.maxRedirects(); hop++) {
                    ClassicHttpResponse response = open(uri);
                    boolean bodyRead = false;
                    try {
                        int status = response.getCode();
                        if (status >= 300 && status < 400 && status != 304) {
                            String location = header(response, "Location");
                            if (location == null) {
                                throw new FetchRefused("redirect " + status + " without Location", status);
                            }
                            if (!request.method().equals("GET")) {
                                throw new FetchRefused("redirect " + status + " not followed for " + request.method(), status);
                            }
                            uri = Urls.resolve(uri, location);
                            continue;
                        }
                        if (status == 304) {
                            return new Streamed<>(304, null, null, header(response, "ETag"),
                                    header(response, "Last-Modified"), uri);
                        }
                        if (status != 200) {
                            throw new FetchRefused("HTTP " + status + " from " + uri.getHost(), status,
                                    RetryAfter.parse(header(response, "Retry-After"), MAX_RETRY_AFTER));
                        }
                        String contentType = header(response, "Content-Type");
                        bodyRead = true;
                        T value = read(response, reader, contentType, uri);
                        return new Streamed<>(200, value, contentType, header(response, "ETag"),
                                header(response, "Last-Modified"), uri);
                    } finally {
                        if (!bodyRead) {
                            skipBody(response);
                        }
                        closeQuietly(response);
                        releaseTurn();
                    }
                }
                throw new FetchRefused("more than " + settings.maxRedirects() + " redirects");
            } finally {
                disarm();
            }
        }

        Answer answer(Duration maxRetryAfter) throws FetchRefused {
            try {
                ClassicHttpResponse response = open(request.uri());
                try {
                    read(response, (BodyReader<byte[], RuntimeException>) (body, type, uri) -> body.readNBytes((int) MAX_ANSWER_BODY),
                            null, request.uri());
                } catch (FetchRefused tooLong) {
                    // The status is what counts; a long answer body is not a failure of the delivery.
                } finally {
                    closeQuietly(response);
                    releaseTurn();
                }
                return new Answer(response.getCode(), RetryAfter.parse(header(response, "Retry-After"), maxRetryAfter),
                        redirectHost(response));
            } finally {
                disarm();
            }
        }

        /** The host a 3xx answer's Location names (relative: the same host), or null for any other answer. */
        private String redirectHost(ClassicHttpResponse response) {
            int status = response.getCode();
            if (status < 300 || status >= 400 || status == 304) {
                return null;
            }
            String location = header(response, "Location");
            if (location == null) {
                return "(no Location)";
            }
            try {
                URI target = Urls.resolve(request.uri(), location);
                return target.getHost() == null ? "(no host)" : target.getHost();
            } catch (FetchRefused e) {
                return "(a malformed Location)";
            }
        }

        /**
         * Waits for this request's turn at the host. The first turn starts the deadline; a later hop waits within
         * it, and one that would wait past it leaves the queue, taking nothing from the requests behind it.
         */
        private void takeTurn(URI uri) throws FetchRefused {
            String endpoint = uri.getHost() + uri.getRawPath();
            try {
                if (alarm == null) {
                    turn = turns.take(uri.getHost(), endpoint, Long.MAX_VALUE);
                    deadline = System.nanoTime() + settings.deadline().toNanos();
                    alarm = arm();
                    return;
                }
                turn = turns.take(uri.getHost(), endpoint, deadline);
                if (turn == null) {
                    throw deadlinePassed("while waiting for our turn at " + uri.getHost());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchRefused("interrupted while waiting for our turn at " + uri.getHost());
            }
        }

        private void releaseTurn() {
            if (turn != null) {
                turn.release();
                turn = null;
            }
        }

        private void disarm() {
            releaseTurn();
            if (alarm != null) {
                alarm.cancel(false);
            }
        }

        /** At the deadline, the request in flight is cancelled: its connection closes and a blocked read ends. */
        private ScheduledFuture<?> arm() {
            return watchdog.schedule(() -> {
                expired.set(true);
                dropConnection();
            }, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }

        /** Cancels the request in flight: its connection is closed, not kept, and a read blocked on it ends. */
        private void dropConnection() {
            HttpUriRequestBase inFlight = current.get();
            if (inFlight != null) {
                inFlight.cancel();
            }
        }

        private ClassicHttpResponse open(URI written) throws FetchRefused {
            // The request goes to the address the host names, as a browser reads it (0x7f000001 is 127.0.0.1).
            URI uri = Urls.withCanonicalHost(written);
            guard.check(uri);
            takeTurn(uri);
            HttpUriRequestBase http = new HttpUriRequestBase(request.method(), uri);
            long remaining = Math.max(1, remainingMillis());
            http.setConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(remaining))
                    .setConnectionRequestTimeout(Timeout.ofMilliseconds(remaining))
                    .setRedirectsEnabled(false)
                    .build());
            http.setHeader("Accept", "application/rss+xml, application/atom+xml, application/json;q=0.9, "
                    + "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
            request.headers().forEach(http::setHeader);
            if (request.body() != null) {
                http.setEntity(new ByteArrayEntity(request.body(), null));
            }
            current.set(http);
            if (expired.get()) {
                throw deadlinePassed("before sending to " + uri.getHost());
            }
            try {
                return client.executeOpen(null, http, null);
            } catch (CheckedDnsResolver.Refused e) {
                throw FetchRefused.permanent(e.getMessage());
            } catch (IOException e) {
                if (e.getCause() instanceof CheckedDnsResolver.Refused refused) {
                    throw FetchRefused.permanent(refused.getMessage());
                }
                if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
                    throw FetchRefused.nameNotFound(uri.getHost());
                }
                if (expired.get()) {
                    throw deadlinePassed("waiting for " + uri.getHost() + " to answer");
                }
                if (e instanceof java.net.SocketTimeoutException) {
                    throw new FetchRefused("timed out waiting for " + uri.getHost());
                }
                throw new FetchRefused("cannot reach " + uri.getHost() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage().replace(uri.toString(), uri.getHost()) + ")"));
            }
        }

        private <T, E extends Exception> T read(ClassicHttpResponse response, BodyReader<T, E> reader, String contentType, URI uri)
                throws FetchRefused, E {
            HttpEntity entity = response.getEntity();
            long cap = request.maxBodyBytes() > 0 ? request.maxBodyBytes() : settings.maxBodyBytes();
            CappedBody in;
            try {
                in = new CappedBody(entity == null ? InputStream.nullInputStream() : entity.getContent(), cap);
            } catch (IOException e) {
                throw expired.get() ? deadlinePassed("while reading the body")
                        : new FetchRefused("cannot read the body from " + uri.getHost() + ": " + e.getClass().getSimpleName());
            }
            try {
                return reader.read(in, contentType, uri);
            } catch (IOException e) {
                if (in.overflowed()) {
                    throw new FetchRefused("body larger than " + cap + " bytes");
                }
                if (expired.get()) {
                    throw deadlinePassed("while reading the body");
                }
                throw new FetchRefused("cannot read the body from " + uri.getHost() + ": " + e.getClass().getSimpleName());
            } finally {
                finish(in);
            }
        }

        /** The body of an answer that is not read (a refusal, a redirect, a 304): ended like one read in part. */
        private void skipBody(ClassicHttpResponse response) {
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return;
            }
            try {
                finish(new CappedBody(entity.getContent(), REMAINDER_READ));
            } catch (IOException e) {
                dropConnection();
            }
        }

        /**
         * Ends the body's stream. Closing a body not read to its end reads the rest first (to keep the connection):
         * an endless body, or one over the cap, would then hold the connection and this fetch's turn at the host until
         * the deadline. So a short remainder is read, and a longer one is abandoned with its connection.
         */
        private void finish(CappedBody in) {
            if (!in.drained(REMAINDER_READ)) {
                dropConnection();
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection was abandoned, or its end was unreadable: nothing more to learn from the body
            }
        }

        private FetchRefused deadlinePassed(String when) {
            return new FetchRefused("fetch deadline of " + settings.deadline().toSeconds() + " s passed " + when);
        }

        private long remainingMillis() throws FetchRefused {
            long nanos = deadline - System.nanoTime();
            if (nanos <= 0) {
                throw deadlinePassed("before the request");
            }
            return nanos / 1_000_000;
        }
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // Nothing more to learn from a response we are discarding.
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            client.close();
        } catch (IOException ignored) {
            // Closing idle connections on the way out.
        }
    }
}
