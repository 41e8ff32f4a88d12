package chokepoint.alerts.security;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.config.AuthSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks bearer tokens for Micronaut Security against {@code auth.tokens}. Only SHA-256 digests of the tokens are
 * kept and compared in constant time; a token is never logged. With no token configured, one admin token is made
 * on first start in {@code data-dir/admin-token} (readable by its owner only), so that a laptop install can manage
 * subscriptions at once; the log says where the file is, not what it holds. Made at start-up ({@code @Context}) so
 * that the file exists, and the log line shows, before the first request.
 */
@Context
@Requires(property = "chokepoint.run.web", notEquals = "false")
public class AccessTokens implements TokenValidator<HttpRequest<?>> {

    public static final String ADMIN = "ADMIN";
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);

    private record Holder(byte[] digest, String owner, boolean admin) {
    }

    private final List<Holder> holders = new ArrayList<>();

    public AccessTokens(AlertsRuntime runtime) {
        for (AuthSettings.Token token : runtime.config().auth().tokens()) {
            if (token.token() != null && !token.token().isEmpty()) {
                holders.add(new Holder(digest(token.token()), token.owner(), token.admin()));
            }
        }
        if (holders.isEmpty()) {
            holders.add(new Holder(digest(generatedAdminToken(runtime.config().dataDir())), "admin", true));
        }
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        byte[] presented = digest(token);
        for (Holder holder : holders) {
            if (MessageDigest.isEqual(holder.digest(), presented)) {
                return Mono.just(Authentication.build(holder.owner(), holder.admin() ? List.of(ADMIN) : List.of(),
                        Map.of()));
            }
        }
        return Mono.empty();
    }

    public static boolean isAdmin(Authentication authentication) {
        return authentication.getRoles().contains(ADMIN);
    }

    /** The admin token kept in {@code dataDir/admin-token}, made on first start (private from its first instant). */
    static String generatedAdminToken(Path dataDir) {
        Path file = dataDir.resolve("admin-token");
        try {
            boolean existed = Files.exists(file);
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = PrivateFiles.createOnce(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n").trim();
            if (existed) {
                LOG.info("no auth.tokens configured: the admin token for the management API is in {}", file.toAbsolutePath());
            } else {
                LOG.info("no auth.tokens configured: made an admin token for the management API in {}", file.toAbsolutePath());
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
