package chokepoint.alerts.security;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The deployment's key, used for two things: sealing secrets (webhook URLs, signing secrets) before they go into
 * Kafka records, with AES-GCM, and signing the links in emails (confirm, unsubscribe) with HMAC-SHA256 so that
 * nobody can forge one for someone else's subscription.
 */
public final class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec aes;
    private final SecretKeySpec hmac;

    public SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the key must be 32 bytes");
        }
        this.aes = new SecretKeySpec(key, "AES");
        this.hmac = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * The configured key, or the one kept in {@code dataDir/secret.key}, created on first use (readable by the
     * owner only).
     */
    public static SecretBox fromSettings(String configuredKey, Path dataDir) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            return new SecretBox(Base64.getDecoder().decode(configuredKey.trim()));
        }
        Path file = dataDir.resolve("secret.key");
        try {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            String kept = PrivateFiles.createOnce(file, Base64.getEncoder().encodeToString(key));
            return new SecretBox(Base64.getDecoder().decode(kept.trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key " + file, e);
        }
    }

    public String seal(String clear) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The clear text, or an exception that does not contain it when the key is wrong or the text was altered. */
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith("v1:")) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(3));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed secret cannot be opened: is delivery.secret-key the one it was sealed with?");
        }
    }

    /** A URL-safe signature of {@code text}, for links that must not be forged. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hmac);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    public boolean verify(String text, String signature) {
        return signature != null && MessageDigest.isEqual(sign(text).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** HMAC-SHA256 of {@code body} under a receiver's own secret, hex: the webhook signature. */
    public static String hmacHex(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
